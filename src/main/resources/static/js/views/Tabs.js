/** A WAI-ARIA tab list: click or arrow keys select a tab and show its panel (aria-controls). */
export class Tabs {
  #tabs;
  #onSelect;

  constructor(tabs, onSelect = () => {}) {
    this.#tabs = tabs;
    this.#onSelect = onSelect;
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => this.select(tab));
      tab.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
        this.select(next);
        next.focus();
      });
    });
  }

  select(tab) {
    for (const t of this.#tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    this.#onSelect(tab);
  }
}
