import { Dom } from '../util/Dom.js';

/** The lab's shortcuts (listed in the "?" dialog). None fire while typing in a field. */
export class Keyboard {
  #page;

  constructor(page) {
    this.#page = page;
    document.addEventListener('keydown', (e) => this.#key(e));
    Dom.$('help').addEventListener('click', () => Dom.$('help-dialog').showModal());
  }

  #key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    if (document.querySelector('dialog[open]')) return;
    const page = this.#page;
    const m = page.model;
    const actions = {
      ArrowLeft: () => page.goTo(m.cursor - 1),
      k: () => page.goTo(m.cursor - 1),
      ArrowRight: () => page.goTo(m.cursor + 1),
      j: () => page.goTo(m.cursor + 1),
      End: () => page.goTo(null),
      Home: () => page.goTo(0),
      n: () => Dom.$('script-next').click(),
      c: () => Dom.$('continue').click(),
      '.': () => this.#stepSelected(),
      f: () => page.setFollow(!Dom.$('follow').checked),
      0: () => Dom.$('zoom-fit').click(),
      '+': () => Dom.$('zoom-in').click(),
      '=': () => Dom.$('zoom-in').click(),
      '-': () => Dom.$('zoom-out').click(),
      '/': () => Dom.$('command-input').focus(),
      s: () => Dom.$('share').click(),
      '?': () => Dom.$('help-dialog').showModal(),
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  #stepSelected() {
    const name = this.#page.model.selectedContext;
    if (name) this.#page.run([`step ${name}`]).catch(() => {});
  }
}
