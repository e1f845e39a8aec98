import { Dom } from '../util/Dom.js';

/**
 * Heap objects as boxes, like Python Tutor's heap: the struct's fields (the driver's own structs open, kernel
 * structs folded), pointers drawn as arrows to the box they point into, refcount badges, freed objects greyed with
 * the step that freed them (a dashed arrow points at freed memory), and the object a report is about outlined.
 */
export class HeapView {
  #model;
  #goTo;
  #root = null;

  constructor(model, goTo) {
    this.#model = model;
    this.#goTo = goTo;
  }

  render(state) {
    const m = this.#model;
    const heap = new Map(m.viewHeap.map((h) => [h.id, h.fields]));
    const reported = this.#reportedObjects(state);
    const refs = new Map();
    for (const r of state.refcounts ?? []) refs.set(r.object, r);
    const ownStructs = new Set([...(m.scenario?.source ?? '').matchAll(/struct\s+(\w+)\s*\{/g)].map((x) => `struct ${x[1]}`));
    const objects = (state.machine.objects ?? []).filter((o) => !(o.kind === 'kernel_object' && !o.type?.startsWith('struct')));
    const root = Dom.el('div', { class: 'heap', 'aria-label': 'Heap objects' });
    root.append(Dom.el('h3', { text: `Heap (${objects.filter((o) => o.live).length} live, ${objects.filter((o) => !o.live).length} freed)` }));
    for (const o of objects) {
      root.append(this.#box(o, heap.get(o.id), ownStructs.has(o.type), reported.has(o.id), refs.get(o.id)));
    }
    root.append(Dom.el('div', { class: 'arrows-host' }));
    this.#root = root;
    return root;
  }

  #reportedObjects(state) {
    const ids = new Set();
    for (const r of state.reports ?? []) {
      for (const seq of r.related ?? []) {
        const e = this.#model.events[seq];
        if (e && (e.kind === 'alloc' || e.kind === 'free') && e.object != null) ids.add(e.object);
      }
    }
    return ids;
  }

  #box(o, fields, open, reported, ref) {
    const freedStep = o.freedAt != null ? this.#model.events[o.freedAt]?.step : null;
    const box = Dom.el('section', {
      class: `heap-box${o.live ? '' : ' freed'}${reported ? ' reported' : ''}`,
      dataset: { object: String(o.id) },
      'aria-label': `object #${o.id} ${o.type ?? o.kind}${o.live ? '' : ', freed'}`,
    });
    const header = Dom.el('header', {},
      Dom.el('span', { text: `#${o.id} ${o.type ?? o.kind}` }),
      o.label ? Dom.el('span', { class: 'hint', text: o.label }) : null,
      Dom.el('span', { class: 'pill', text: o.kind.replace('_', ' ') }),
      ref ? Dom.el('span', { class: 'badge-ref', text: `ref ${ref.value}`, title: ref.name }) : null,
      Dom.el('span', { class: 'addr', text: `${o.address} (${o.size} B)` }));
    if (!o.live) {
      const note = Dom.el('button', { type: 'button', class: 'freed-note',
        title: (o.freedBy ?? []).join('\n'), 'aria-label': `freed at step ${freedStep}: go there` },
      `✕ freed at step ${freedStep ?? '?'}`);
      note.addEventListener('click', () => this.#goTo(freedStep));
      header.append(note);
    }
    box.append(header);
    if (fields?.length) {
      const table = Dom.el('table', {}, Dom.el('tbody', {}, fields.map((f) => this.#field(f))));
      if (open) box.append(table);
      else box.append(Dom.el('details', {}, Dom.el('summary', { class: 'hint', text: `${fields.length} fields` }), table));
    }
    return box;
  }

  #field(f) {
    const shown = f.symbol ? `${f.symbol}` : f.target != null ? `→ #${f.target}${f.offset ? `+${f.offset}` : ''}` : f.value;
    const value = Dom.el('td', {
      class: `value${f.target != null || f.symbol ? ' pointer' : ''}`,
      title: `${f.type} = ${f.value}`,
      dataset: f.target != null ? { target: String(f.target) } : {},
    }, shown);
    return Dom.el('tr', {}, Dom.el('td', { text: f.name }), value);
  }

  /** Arrows from pointer fields to their targets, once the boxes are laid out (only open boxes have them). */
  drawArrows() {
    const root = this.#root;
    if (!root?.isConnected) return;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'arrows');
    svg.setAttribute('aria-hidden', 'true');
    const base = root.getBoundingClientRect();
    for (const cell of root.querySelectorAll('td[data-target]')) {
      if (!cell.offsetParent) continue;
      const target = root.querySelector(`.heap-box[data-object="${cell.dataset.target}"]`);
      if (!target) continue;
      const from = cell.getBoundingClientRect();
      const to = target.getBoundingClientRect();
      const x1 = from.right - base.left;
      const y1 = from.top + from.height / 2 - base.top;
      const x2 = to.right - base.left;
      const y2 = to.top + 8 - base.top;
      const bend = 18 + Math.min(40, Math.abs(y2 - y1) / 6);
      const path = document.createElementNS(ns, 'path');
      path.setAttribute('d', `M${x1},${y1} C${x1 + bend},${y1} ${x2 + bend},${y2} ${x2 + 2},${y2}`);
      if (target.classList.contains('freed')) path.setAttribute('class', 'dangling');
      svg.append(path);
    }
    root.querySelector('.arrows-host')?.replaceWith(svg);
  }
}
