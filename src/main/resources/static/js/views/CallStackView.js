import { Dom } from '../util/Dom.js';

/**
 * The selected context's call stack, innermost first, as the kernel prints one: kernel frames grey, driver frames
 * bold, frames of a module that is no longer loaded struck through.
 */
export class CallStackView {
  #root;
  #model;

  constructor(root, model) {
    this.#root = root;
    this.#model = model;
  }

  render() {
    const m = this.#model;
    const contexts = (m.viewState?.machine?.contexts ?? []).filter((c) => c.status !== 'done');
    let c = contexts.find((x) => x.name === m.selectedContext);
    if (!c) c = contexts.find((x) => x.status === 'paused') ?? contexts[0];
    Dom.clear(this.#root);
    if (!c) {
      this.#root.append(Dom.el('h3', { text: 'Call stack' }), Dom.el('p', { class: 'hint', text: 'No context is running.' }));
      return;
    }
    const loaded = new Set((m.viewState.machine.modules ?? []).filter((x) => x.state !== 'UNLOADED').map((x) => x.name));
    const list = Dom.el('ol', { 'aria-label': `Call stack of ${c.name}` });
    for (const f of c.stack ?? []) {
      const gone = !f.kernel && f.module && !loaded.has(f.module);
      const cls = `frame ${f.kernel ? 'kernel' : 'driver'}${gone ? ' unloaded' : ''}`;
      list.append(Dom.el('li', { class: cls, title: gone ? 'this module is unloaded: its code is gone' : '' },
        f.symbol ?? f.function, Dom.el('span', { class: 'where', text: f.kernel ? '' : `  line ${f.line}` })));
    }
    const status = c.pausedAt ? `paused: ${c.pausedAt}` : c.waitingOn ? `${c.status} on ${c.waitingOn}` : c.status;
    this.#root.append(Dom.el('h3', { text: `Call stack: ${c.name} (CPU ${c.cpu}, ${status})` }), list);
  }
}
