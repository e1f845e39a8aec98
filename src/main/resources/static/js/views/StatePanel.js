import { Dom } from '../util/Dom.js';
import { Palette } from '../util/Palette.js';
import { HeapView } from './HeapView.js';

/**
 * The machine at the step shown, renderable from that step alone: contexts (with step/continue for paused ones),
 * modules as lsmod shows them, devices with their driver and devres stack, IRQ lines, pending deferred work,
 * refcounts, and the heap.
 */
export class StatePanel {
  #root;
  #model;
  #run;
  #goTo;
  #heap;
  #refcounts = new Map();

  constructor(root, model, run, goTo) {
    this.#root = root;
    this.#model = model;
    this.#run = run;
    this.#goTo = goTo;
    this.#heap = new HeapView(model, goTo);
  }

  render() {
    const m = this.#model;
    const state = m.viewState;
    Dom.$('state-step').textContent = state
      ? m.atHead ? `after step ${m.head} (now)` : `after step ${m.cursor} (past; now ${m.head})`
      : m.atHead ? '' : `loading step ${m.cursor}…`;
    if (!state) return;
    const focused = document.activeElement?.dataset?.focusKey;
    const machine = state.machine;
    Dom.clear(this.#root).append(
      this.#contexts(machine.contexts ?? []),
      this.#modules(machine.modules ?? []),
      this.#devices(machine.devices ?? []),
      this.#irqs(machine.irqs ?? []),
      machine.gpio ? this.#gpio(machine.gpio) : '',
      this.#queues(machine.deferred ?? []),
      this.#refcountList(state.refcounts ?? []),
      this.#heap.render(state));
    this.#heap.drawArrows();
    if (focused) this.#root.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }

  #section(title, items, empty) {
    const frag = document.createDocumentFragment();
    frag.append(Dom.el('h3', { text: title }));
    frag.append(items.length ? Dom.el('ul', {}, items) : Dom.el('p', { class: 'hint', text: empty }));
    return frag;
  }

  #contexts(contexts) {
    const live = contexts.filter((c) => c.status !== 'done');
    const rows = live.map((c) => {
      const kind = Palette.kindOf(c.name, c.kind);
      const chip = Dom.el('span', { class: 'ctx-chip', text: Palette.letter(kind), title: kind });
      chip.style.background = Palette.colour(kind);
      if (Palette.darkText(kind)) chip.style.color = '#1d2430';
      const status = c.pausedAt ? `‖ ${c.pausedAt}` : c.waitingOn ? `${c.status}: ${c.waitingOn}` : c.status;
      const row = Dom.el('li', {
        class: 'row context-row', 'aria-current': this.#model.selectedContext === c.name ? 'true' : null,
        dataset: { context: c.name },
      },
      chip,
      Dom.el('button', { type: 'button', class: 'name', 'aria-label': `Show ${c.name}'s call stack`,
        dataset: { focusKey: `select ${c.name}` }, onclick: () => this.#model.select(c.name) }, c.name),
      Dom.el('span', { class: 'mono', text: `CPU${c.cpu}` }),
      Dom.el('span', { class: `status-text${c.status === 'paused' ? ' paused' : ''}`, text: status }));
      if (c.status === 'paused' || c.status === 'runnable') {
        row.append(this.#command(`step ${c.name}`, 'step', `Step ${c.name} by one step`));
      }
      if (c.status === 'paused') row.append(this.#command(`continue ${c.name}`, 'continue', `Continue ${c.name}`));
      return row;
    });
    return this.#section('Contexts', rows, 'Nothing is running: inject an event.');
  }

  #command(command, label, aria) {
    const crashed = Boolean(this.#model.viewState?.stopped);
    const b = Dom.el('button', { type: 'button', 'aria-label': aria, title: command, dataset: { focusKey: command },
      disabled: crashed }, label);
    b.addEventListener('click', () => this.#run([command]).catch((e) => {
      Dom.$('command-error').textContent = e.message;
    }));
    return b;
  }

  #modules(modules) {
    const rows = modules.map((mod) => Dom.el('li', { class: 'row', dataset: { module: mod.name } },
      Dom.el('span', { class: 'mono', text: mod.name }),
      Dom.el('span', { class: `pill ${mod.state === 'LIVE' ? 'live' : mod.state === 'UNLOADED' ? 'gone' : ''}`,
        text: mod.state }),
      Dom.el('span', { class: 'hint',
        text: `Used by ${mod.refcount}${mod.usedBy?.length ? ` ${mod.usedBy.join(',')}` : ''}` })));
    return this.#section('Modules (lsmod)', rows, 'No module loaded.');
  }

  #devices(devices) {
    const rows = devices.map((d) => {
      const devres = [...(d.devres ?? [])].reverse();
      const li = Dom.el('li', { dataset: { device: d.name } },
        Dom.el('div', { class: 'row' },
          Dom.el('span', { class: 'mono', text: d.name }),
          Dom.el('span', { class: 'hint', text: d.bus }),
          Dom.el('span', { class: `pill ${d.driver ? 'live' : ''}`, text: d.driver ? `driver ${d.driver}` : 'no driver' }),
          d.irq ? Dom.el('span', { class: 'hint', text: `IRQ ${d.irq}` }) : null));
      if (devres.length) {
        li.append(Dom.el('ol', { class: 'devres-stack', 'aria-label': `devres of ${d.name}, released top first` },
          devres.map((r) => Dom.el('li', { text: `${r.name} → #${r.object}` }))));
      }
      return li;
    });
    return this.#section('Devices', rows, 'No devices.');
  }

  #irqs(irqs) {
    const rows = irqs.map((i) => Dom.el('li', { class: 'row', dataset: { irq: String(i.irq) } },
      Dom.el('span', { class: 'mono', text: `IRQ ${i.irq}` }),
      Dom.el('span', { text: i.handlers.length ? i.handlers.join(', ') : '(no handler)' }),
      Dom.el('span', { class: 'hint', text: `fired ${i.fired}×${i.running ? ', running' : ''}${i.depth ? `, disabled ${i.depth}` : ''}` })));
    return this.#section('IRQ lines', rows, 'No IRQ requested.');
  }

  /** The GPIO lines drivers use: number, label, direction and level (shown only when there are some). */
  #gpio(lines) {
    const rows = lines.map((g) => Dom.el('li', { class: 'row', dataset: { gpio: String(g.gpio) } },
      Dom.el('span', { class: 'mono', text: `GPIO ${g.gpio}` }),
      Dom.el('span', { text: g.label ?? '(not requested)' }),
      Dom.el('span', { class: 'pill', text: `${g.direction} ${g.value ? 'high' : 'low'}` }),
      g.activeLow ? Dom.el('span', { class: 'hint', text: 'active-low' }) : null));
    return this.#section('GPIO lines', rows, 'No GPIO line in use.');
  }

  #queues(deferred) {
    const rows = deferred.map((p) => Dom.el('li', { class: 'row' },
      Dom.el('span', { class: 'pill', text: p.kind }),
      Dom.el('span', { class: 'mono', text: p.label }),
      p.since != null ? Dom.el('span', { class: 'hint', text: `since step ${p.since}` }) : null));
    return this.#section('Queued (tasklets, work, timers, RCU)', rows, 'Nothing queued.');
  }

  #refcountList(refcounts) {
    const rows = refcounts.map((r) => {
      const key = `${r.object}:${r.name}`;
      const badge = Dom.el('span', { class: 'badge-ref', text: String(r.value), title: `refcount ${r.value}` });
      const before = this.#refcounts.get(key);
      if (before !== undefined && before !== r.value) badge.classList.add('flash');
      this.#refcounts.set(key, r.value);
      return Dom.el('li', { class: 'row', dataset: { refcount: r.name } }, badge,
        Dom.el('span', { class: 'mono', text: r.name }),
        Dom.el('span', { class: 'hint', text: `last set by ${r.context || 'kernel'} in ${r.function ?? '?'}` }));
    });
    return this.#section('Refcounts', rows, 'No refcount changed yet.');
  }
}
