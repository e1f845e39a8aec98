import { d3 } from '../util/d3.js';
import { Dom } from '../util/Dom.js';
import { TimelineLayout } from './TimelineLayout.js';
import { RaceMoment } from '../views/RaceMoment.js';

/**
 * The timeline (SVG via D3): x is the machine step, one row per context under its CPU, object lifetimes, IRQs and
 * deferred work, refcount step graphs, user events as flags, reports as markers with the free -> use arrow.
 * Wheel zooms, drag pans, "fit" shows everything; it follows the newest step unless the user looks elsewhere.
 * Hover shows the event, a click moves the whole page to that step.
 */
export class Timeline {
  static #LABEL = 138;
  static #heights = { flags: 52, reports: 16, section: 15, context: 18, object: 17, graph: 30 };

  #root;
  #model;
  #goTo;
  #svg;
  #plot;
  #zoom;
  #domain = null;
  #head = 0;
  #width = 0;
  #silent = false;
  #base = null;
  #tooltip = Dom.$('tooltip');
  #moments = [];

  constructor(root, model, goTo) {
    this.#root = root;
    this.#model = model;
    this.#goTo = goTo;
    // the width as layout found it, so that render never forces a layout of its own (the first draw is one layout)
    new ResizeObserver(() => {
      const width = root.clientWidth; // read after layout: nothing to recompute
      if (width !== this.#width) {
        this.#width = width;
        this.render();
      }
    }).observe(root);
    this.#svg = d3.select(root).append('svg').attr('role', 'img')
      .attr('aria-label', 'Timeline of the session');
    this.#svg.append('defs').append('marker').attr('id', 'arrowhead').attr('viewBox', '0 0 10 10')
      .attr('refX', 9).attr('refY', 5).attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M0,0 L10,5 L0,10 z').attr('class', 'report-marker');
    this.#plot = this.#svg.append('g');
    this.#zoom = d3.zoom()
      .on('start', (e) => {
        if (e.sourceEvent) this.#base = this.#domain ?? this.#fitted();
      })
      .on('zoom', (e) => this.#zoomed(e))
      .on('end', (e) => {
        if (!e.sourceEvent) return;
        this.#base = null;
        this.#silent = true;
        this.#svg.call(this.#zoom.transform, d3.zoomIdentity);
        this.#silent = false;
      });
    this.#svg.call(this.#zoom).on('dblclick.zoom', null);
    Dom.$('zoom-in').addEventListener('click', () => this.#zoomBy(2));
    Dom.$('zoom-out').addEventListener('click', () => this.#zoomBy(0.5));
    Dom.$('zoom-fit').addEventListener('click', () => this.fit());
    this.#legend();
  }

  /**
   * The moments a found race ties together (the allocation, the free and the use; or the two lock orders), from the
   * search's result: each is ringed and numbered on its context's row at its step, joined in order, with its
   * function and line in the tooltip. Empty clears them.
   */
  highlight(moments) {
    this.#moments = moments ?? [];
    this.render();
  }

  #legend() {
    const legend = Dom.$('legend');
    for (const [kind, text] of [['process', 'P process'], ['hardirq', 'H hardirq'], ['softirq', 'S softirq'],
      ['kworker', 'W kworker']]) {
      legend.append(Dom.el('span', { class: `key ${kind}`, text }));
    }
    legend.append(Dom.el('span', { text: '▲ alloc  ✕ free  ◆ devres  ⚡ IRQ  ✖ bug' }));
  }

  resized() {
    this.#width = this.#root.clientWidth;
    this.render();
  }

  fit() {
    this.#domain = null;
    this.render();
  }

  #zoomBy(factor) {
    const [a, b] = this.#domain ?? this.#fitted();
    const mid = this.#model.atHead ? Math.min(b, this.#head) - (b - a) / (2 * factor) : this.#model.cursor;
    const span = Math.max(4, (b - a) / factor);
    this.#setDomain([mid - span / 2, mid + span / 2]);
    this.render();
  }

  #setDomain([a, b]) {
    const max = this.#fitted()[1];
    const span = Math.max(Math.min(4, max), Math.min(max, b - a));
    let lo = Math.max(0, Math.min(a, max - span));
    this.#domain = span >= max ? null : [lo, lo + span];
  }

  /**
   * Drag and wheel: the gesture's transform (relative to where it started) applied to the domain shown at its
   * start; at its end the transform goes back to identity, so the domain is the only state.
   */
  #zoomed(event) {
    if (this.#silent || !event.sourceEvent || !this.#base) return;
    const x = d3.scaleLinear().domain(this.#base).range([0, this.#plotWidth()]);
    this.#setDomain(event.transform.rescaleX(x).domain());
    this.render();
  }

  /** Fitted, the newest step sits a little inside the right edge, so what happens there stays readable. */
  #fitted() {
    return [0, Math.max(10, this.#head * 1.04)];
  }

  #plotWidth() {
    return Math.max(100, this.#width - Timeline.#LABEL - 12);
  }

  render() {
    const m = this.#model;
    if (!this.#width) return; // not laid out yet: the resize observer draws it once it is
    const layout = TimelineLayout.compute(m);
    const oldHead = this.#head;
    this.#head = Math.max(1, layout.head);
    // Follow: a zoomed-in view whose right edge was at the newest step slides along with it.
    if (this.#domain && this.#head > oldHead && this.#domain[1] >= oldHead - 0.5) {
      const shift = this.#head - oldHead;
      this.#setDomain([this.#domain[0] + shift, this.#domain[1] + shift]);
    }
    const domain = this.#domain ?? this.#fitted();
    const width = this.#plotWidth();
    const x = d3.scaleLinear().domain(domain).range([0, width]);
    const y = new Map();
    let top = 22;
    for (const row of layout.rows) {
      const h = Timeline.#heights[row.type];
      y.set(row.key, { top, h, row });
      top += h;
    }
    const height = top + 6;
    this.#svg.attr('width', this.#width).attr('height', height);
    const g = this.#plot;
    g.selectAll('*').remove();
    g.attr('transform', `translate(${Timeline.#LABEL},0)`);
    this.#rows(g, layout, y, width);
    const plot = g.append('g').attr('clip-path', null);
    const clipId = 'timeline-clip';
    this.#svg.select(`#${clipId}`).remove();
    this.#svg.select('defs').append('clipPath').attr('id', clipId).append('rect')
      .attr('x', 0).attr('y', 0).attr('width', width).attr('height', height);
    plot.attr('clip-path', `url(#${clipId})`);
    const visible = (s, e) => e >= domain[0] && s <= domain[1];
    this.#slices(plot, layout.slices.filter((s) => visible(s.start, s.end)), x, y);
    this.#lives(plot, layout.lives.filter((l) => visible(l.start, l.end)), x, y);
    this.#graphs(plot, layout.graphs, x, y);
    this.#marks(plot, layout.marks.filter((k) => visible(k.step, k.step)), x, y);
    this.#flags(plot, layout.flags.filter((f) => visible(f.step, f.step)), x, y);
    this.#cursor(plot, x, height);
    this.#reports(plot, layout, x, y, height);
    this.#raceMoments(plot, x, y);
    g.append('g').attr('class', 'axis').attr('transform', 'translate(0,20)')
      .call(d3.axisTop(x).ticks(Math.max(2, Math.floor(width / 80))).tickFormat(d3.format('d')));
    this.#interactions(g);
  }

  #rows(g, layout, y, width) {
    const rows = g.append('g');
    layout.rows.forEach((row, i) => {
      const { top, h } = y.get(row.key);
      if (row.type !== 'section') {
        rows.append('rect').attr('class', `lane-bg${i % 2 ? ' odd' : ''}`).attr('x', 0).attr('y', top)
          .attr('width', width).attr('height', h);
      }
      rows.append('text').attr('class', `lane-label${row.type === 'section' ? ' section' : ''}`)
        .attr('x', -6).attr('y', top + h / 2 + 4).attr('text-anchor', 'end')
        .text(Timeline.#fit(row.label, 22));
    });
  }

  static #fit(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  #slices(g, slices, x, y) {
    for (const s of slices) {
      const row = y.get(s.row);
      if (!row) continue;
      const x0 = Math.max(-2, x(s.start));
      const w = Math.max(1.5, x(s.end) - x0);
      g.append('rect').datum({ tip: `${s.context} on CPU ${s.cpu}: ${s.fn ?? s.firstFn ?? ''}\nsteps ${s.start}–${s.end}`, step: s.start })
        .attr('class', `slice ${s.kind}`).attr('x', x0).attr('y', row.top + 2).attr('width', w).attr('height', row.h - 4);
      const label = s.fn ?? s.firstFn ?? '';
      if (label && w > label.length * 6 + 6) {
        g.append('text').attr('class', `slice-label${s.kind === 'softirq' || s.kind === 'kthread' ? ' dark' : ''}`)
          .attr('x', x0 + 3).attr('y', row.top + row.h / 2 + 3.5).text(label);
      }
    }
  }

  #lives(g, lives, x, y) {
    for (const l of lives) {
      const row = y.get(l.row);
      if (!row) continue;
      const x0 = x(l.start);
      const w = Math.max(2, x(l.end) - x0);
      g.append('rect').datum(l).attr('class', l.cls).attr('x', x0).attr('y', row.top + 3).attr('width', w)
        .attr('height', row.h - 6).attr('rx', 2);
      if (l.label && w > l.label.length * 5.6 + 8) {
        g.append('text').attr('class', 'life-label').attr('x', Math.max(x0, 0) + 4).attr('y', row.top + row.h / 2 + 3.5)
          .text(l.label);
      }
    }
  }

  #graphs(g, graphs, x, y) {
    for (const s of graphs) {
      const row = y.get(s.row);
      const max = Math.max(1, ...s.points.map((p) => p.value));
      const yv = d3.scaleLinear().domain([0, max]).range([row.top + row.h - 4, row.top + 5]);
      const points = [...s.points, { step: s.head, value: s.points[s.points.length - 1].value }];
      g.append('path').attr('class', 'refline')
        .attr('d', d3.line().curve(d3.curveStepAfter).x((p) => x(p.step)).y((p) => yv(p.value))(points));
      for (const p of s.points.slice(1)) {
        g.append('circle').datum({ tip: p.tip, step: p.step }).attr('class', 'mark').attr('cx', x(p.step))
          .attr('cy', yv(p.value)).attr('r', 3).attr('fill', '#7a3e9d');
        g.append('text').attr('class', 'refvalue').attr('x', x(p.step) + 4).attr('y', yv(p.value) - 2).text(p.value);
      }
    }
  }

  #marks(g, marks, x, y) {
    for (const k of marks) {
      const row = y.get(k.row);
      if (!row) continue;
      g.append('text').datum(k).attr('class', `mark ${k.cls}`).attr('x', x(k.step)).attr('y', row.top + row.h / 2 + 4)
        .attr('text-anchor', 'middle').attr('font-size', k.cls === 'bad' ? 13 : 11).text(k.shape);
    }
  }

  /** Flags with their labels stacked on three lines, each put on the first line where it does not overlap. */
  #flags(g, flags, x, y) {
    const row = y.get('flags');
    const ends = [-Infinity, -Infinity, -Infinity, -Infinity];
    for (const f of flags) {
      const fx = x(f.step);
      const label = Timeline.#fit(f.label, 26);
      const width = label.length * 5.8 + 14;
      // A flag whose label fits on no line keeps its flag (and tooltip) but shows no label.
      const line = ends.findIndex((end) => fx > end);
      const at = line < 0 ? ends.length - 1 : line;
      if (line >= 0) ends[line] = fx + width;
      const ly = row.top + 11 + at * 12;
      g.append('line').attr('class', 'flag-pole').attr('x1', fx).attr('x2', fx).attr('y1', ly - 8).attr('y2', row.top + row.h);
      g.append('path').datum(f).attr('class', `flag${f.inject ? ' inject' : ''}`)
        .attr('d', `M${fx},${ly - 8} l8,3 l-8,3 z`);
      if (line >= 0) g.append('text').datum(f).attr('class', 'flag-label').attr('x', fx + 10).attr('y', ly).text(label);
    }
  }

  #cursor(g, x, height) {
    const m = this.#model;
    const cx = x(m.cursor);
    if (!m.atHead) {
      g.append('rect').attr('class', 'future').attr('x', cx).attr('y', 22).attr('width', Math.max(0, x(m.head) - cx))
        .attr('height', height);
    }
    g.append('line').attr('class', 'cursor').attr('x1', cx).attr('x2', cx).attr('y1', 14).attr('y2', height);
    g.append('path').attr('class', 'cursor-head').attr('d', `M${cx - 5},12 l10,0 l-5,7 z`);
  }

  #reports(g, layout, x, y, height) {
    for (const r of layout.reports) {
      const rx = x(r.step);
      g.append('line').attr('class', 'report-line').attr('x1', rx).attr('x2', rx).attr('y1', 22).attr('y2', height);
      if (r.row) {
        const row = y.get(r.row);
        g.append('path').datum(r).attr('class', 'report-marker')
          .attr('d', `M${rx},${row.top + 1} l7,${row.h / 2 - 1} l-7,${row.h / 2 - 1} l-7,${-(row.h / 2 - 1)} z`);
      }
      const label = `✖ ${Timeline.#fit(r.title.replace(/^BUG: /, ''), 48)}`;
      const lw = label.length * 6.2 + 8;
      const lx = rx - lw - 6 > 0 ? rx - lw - 6 : rx + 6;
      const row = y.get('reports');
      g.append('rect').attr('class', 'report-label-bg').attr('x', lx - 3).attr('y', row.top + 1)
        .attr('width', lw).attr('height', 14);
      g.append('text').datum(r).attr('class', 'report-label').attr('x', lx).attr('y', row.top + 12).text(label);
    }
    for (const f of layout.flows) {
      const row = y.get(f.row);
      if (!row) continue;
      const x1 = x(f.from);
      const x2 = x(f.to);
      const yy = row.top + 3;
      const lift = Math.min(26, 8 + (x2 - x1) / 8);
      g.append('path').datum({ tip: f.tip, step: f.to }).attr('class', 'flow').attr('marker-end', 'url(#arrowhead)')
        .attr('d', `M${x1},${yy} C${x1},${yy - lift} ${x2},${yy - lift} ${x2},${yy}`);
    }
  }

  #raceMoments(g, x, y) {
    const at = this.#moments.map((m, i) => ({ m, i, row: y.get(`ctx:${m.cpu}:${m.context}`) }))
      .filter((a) => a.row && a.m.step <= this.#model.head);
    for (let k = 1; k < at.length; k++) {
      const a = at[k - 1];
      const b = at[k];
      g.append('line').attr('class', 'race-link').attr('x1', x(a.m.step)).attr('y1', a.row.top + a.row.h / 2)
        .attr('x2', x(b.m.step)).attr('y2', b.row.top + b.row.h / 2);
    }
    for (const { m, i, row } of at) {
      const cx = x(m.step);
      const cy = row.top + row.h / 2;
      const tip = `${i + 1}. ${m.kind} in ${RaceMoment.where(m)} (${m.context}), step ${m.step}`;
      g.append('circle').datum({ tip, step: m.step }).attr('class', 'race-moment').attr('data-step', m.step)
        .attr('cx', cx).attr('cy', cy).attr('r', row.h / 2 + 1);
      g.append('text').attr('class', 'race-moment-label').attr('x', cx + row.h / 2 + 3).attr('y', row.top + 9)
        .text(`${i + 1} ${m.kind} · ${RaceMoment.short(m)}`);
    }
  }

  #interactions(g) {
    const tooltip = this.#tooltip;
    g.selectAll('[class]').filter((d) => d && (d.tip || d.title))
      .on('mouseenter', (e, d) => {
        tooltip.textContent = d.tip ?? d.title;
        tooltip.hidden = false;
      })
      .on('mousemove', (e) => {
        tooltip.style.left = `${Math.min(e.clientX + 12, window.innerWidth - 360)}px`;
        tooltip.style.top = `${e.clientY + 14}px`;
      })
      .on('mouseleave', () => {
        tooltip.hidden = true;
      })
      .on('click', (e, d) => {
        if (d.step != null) this.#goTo(d.step);
      });
  }
}
