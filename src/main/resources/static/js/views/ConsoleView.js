import { Dom } from '../util/Dom.js';

/**
 * The kernel log as a console, in trace order: commands, their output (strace-like lines, lsmod), dmesg lines,
 * warnings, and bug reports printed in full in the kernel's own words. Every line jumps to its step on click;
 * lines after the step shown are dimmed.
 */
export class ConsoleView {
  static #kinds = new Set(['command', 'output', 'dmesg', 'warning', 'report']);

  #root;
  #model;
  #goTo;
  #signature = '';
  #atBottom = true;

  constructor(root, model, goTo) {
    this.#root = root;
    this.#model = model;
    this.#goTo = goTo;
    // whether the reader is at the end, known from scroll events: render reads no layout (the first draw is one)
    root.addEventListener('scroll', () => {
      this.#atBottom = root.scrollTop + root.clientHeight >= root.scrollHeight - 4;
    }, { passive: true });
    root.addEventListener('click', (e) => this.#jump(e));
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.#jump(e);
    });
  }

  #jump(e) {
    const line = e.target.closest('[data-step]');
    if (line) this.#goTo(Number(line.dataset.step));
  }

  render() {
    const m = this.#model;
    const reports = new Map((m.state?.reports ?? []).map((r) => [r.seq, r]));
    const lines = m.events.filter((e) => ConsoleView.#kinds.has(e.kind));
    const cursor = m.cursor;
    const signature = `${m.id}:${lines.length}:${reports.size}:${cursor}:${m.atHead}`;
    if (signature === this.#signature) return;
    const wasAtBottom = this.#atBottom;
    this.#signature = signature;
    const out = document.createDocumentFragment();
    for (const e of lines) {
      const future = e.step > cursor ? ' future' : '';
      if (e.kind === 'report') {
        const r = reports.get(e.seq);
        const block = Dom.el('div', { class: `report${future}`, tabindex: '0', role: 'button',
          dataset: { step: String(e.step), seq: String(e.seq) },
          title: `Bug report at step ${e.step}: Enter or a click goes to that step` });
        block.append(Dom.el('span', { class: 'title', text: r ? '' : e.text }));
        if (r) block.append(r.text);
        out.append(block);
        continue;
      }
      const text = e.kind === 'command' ? `$ ${e.text}` : e.kind === 'warning' ? `warning: ${e.text}` : e.text;
      out.append(Dom.el('span', { class: `line ${e.kind}${future}`, dataset: { step: String(e.step) },
        title: `step ${e.step}${e.context ? `, ${e.context}` : ''}`, text }));
    }
    if (lines.length === 0) out.append(Dom.el('span', { class: 'line', text: '(nothing logged yet)' }));
    Dom.clear(this.#root).append(out);
    if (wasAtBottom || m.atHead) {
      // to the end once this frame is laid out (setting scrollTop now would force a layout of its own)
      requestAnimationFrame(() => {
        this.#root.scrollTop = this.#root.scrollHeight;
        this.#atBottom = true;
      });
    }
    const last = [...reports.values()].pop();
    Dom.$('report-summary').textContent = last ? `✖ ${last.title}` : '';
  }
}
