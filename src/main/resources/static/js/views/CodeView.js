import { CHighlighter } from '../util/CHighlighter.js';
import { Dom } from '../util/Dom.js';
import { Palette } from '../util/Palette.js';
import { RaceMoment } from './RaceMoment.js';

/**
 * The driver source with the line every context is at, marked with a chip in that context's colour and its name
 * (a context inside a kernel function shows the driver line that called it, in italics), and breakpoints in the
 * gutter: each line number is a toggle button that sends `break LINE` / `delete LINE`. A found race's moments that
 * ran in the driver's own code are marked on their lines, numbered as on the timeline.
 */
export class CodeView {
  #root;
  #model;
  #onBreakpoint;
  #rows = [];
  #source = null;
  #scrolledTo = '';
  /** line → the race's moments there: [{ n, moment }] */
  #race = new Map();

  constructor(root, model, onBreakpoint) {
    this.#root = root;
    this.#model = model;
    this.#onBreakpoint = onBreakpoint;
  }

  #build(source) {
    this.#source = source;
    const list = Dom.el('ol', { 'aria-label': 'Driver source lines' });
    this.#rows = CHighlighter.lines(source).map((fragment, i) => {
      const line = i + 1;
      const gutter = Dom.el('button', {
        type: 'button', class: 'gutter', 'aria-pressed': 'false', 'aria-label': `Breakpoint at line ${line}`,
        title: `Toggle a breakpoint at line ${line}`, dataset: { line: String(line) },
      }, String(line));
      gutter.addEventListener('click', () => this.#onBreakpoint(line, gutter.getAttribute('aria-pressed') !== 'true'));
      const markers = Dom.el('span', { class: 'markers' });
      const text = Dom.el('span', { class: 'text' });
      text.append(fragment);
      const row = Dom.el('li', { class: 'code-line', id: `code-line-${line}`, dataset: { line: String(line) } },
        gutter, text, markers);
      list.append(row);
      return { row, gutter, markers };
    });
    Dom.clear(this.#root).append(list);
  }

  /**
   * The moments of a found race (the search's result: each with the driver line on its call stack, if any) marked on
   * the driver's lines: the free and the use both show where the driver did them. Empty clears them.
   */
  highlight(moments) {
    this.#race = new Map();
    const main = `${this.#model.scenario?.module}.c`;
    (moments ?? []).forEach((moment, i) => {
      if (!moment.driverLine || moment.file !== main) return;
      if (!this.#race.has(moment.driverLine)) this.#race.set(moment.driverLine, []);
      this.#race.get(moment.driverLine).push({ n: i + 1, moment });
    });
    this.render();
    const first = Math.min(...this.#race.keys());
    if (Number.isFinite(first)) this.#rows[first - 1]?.row.scrollIntoView({ block: 'center' });
  }

  render() {
    const m = this.#model;
    if (!m.scenario) return;
    if (this.#source !== m.scenario.source) this.#build(m.scenario.source);
    const state = m.viewState;
    const breakpoints = new Set(state?.machine?.breakpoints ?? []);
    const at = new Map();
    for (const c of state?.machine?.contexts ?? []) {
      if (c.status === 'done') continue;
      const i = (c.stack ?? []).findIndex((f) => !f.kernel && f.module === m.scenario.module);
      if (i < 0) continue;
      const line = c.stack[i].line;
      if (!at.has(line)) at.set(line, []);
      at.get(line).push({ context: c, inKernel: i > 0, below: c.stack[0].function });
    }
    this.#rows.forEach(({ row, gutter, markers }, i) => {
      const line = i + 1;
      const on = breakpoints.has(String(line));
      if (gutter.getAttribute('aria-pressed') !== String(on)) gutter.setAttribute('aria-pressed', String(on));
      const here = at.get(line) ?? [];
      row.classList.toggle('current', here.length > 0);
      if (here.length === 0 && row.style.borderLeftColor) row.style.borderLeftColor = '';
      Dom.clear(markers);
      const race = this.#race.get(line) ?? [];
      row.classList.toggle('race-line', race.length > 0);
      for (const { n, moment } of race) {
        markers.append(Dom.el('span', {
          class: 'race-chip',
          title: `race moment ${n}: ${moment.kind} in ${RaceMoment.where(moment)} (${moment.context})`,
          text: `${n} ${moment.kind}`,
        }));
      }
      for (const h of here) {
        const kind = Palette.kindOf(h.context.name, h.context.kind);
        const chip = Dom.el('span', {
          class: `ctx-chip${h.inKernel ? ' kernel-frame' : ''}`,
          title: `${h.context.name} (${h.context.status})${h.inKernel ? `, now in ${h.below}` : ''}`,
          text: `${h.context.status === 'paused' ? '‖' : '▶'} ${h.context.name}${h.inKernel ? ` ↓${h.below}` : ''}`,
        });
        chip.style.background = Palette.colour(kind);
        if (Palette.darkText(kind)) chip.style.color = '#1d2430';
        markers.append(chip);
        row.style.borderLeftColor = Palette.colour(kind);
      }
    });
    this.#scrollToSelected(at);
  }

  /** Brings the selected (or first) context's line into view when it moves. */
  #scrollToSelected(at) {
    const selected = this.#model.selectedContext;
    let target = null;
    for (const [line, list] of at) {
      if (list.some((h) => h.context.name === selected) || (target === null && !selected)) target = line;
    }
    if (target === null && at.size > 0) target = at.keys().next().value;
    const key = `${selected}:${target}`;
    if (target === null || key === this.#scrolledTo) return;
    this.#scrolledTo = key;
    this.#rows[target - 1]?.row.scrollIntoView({ block: 'center' });
  }
}
