import { Palette } from '../util/Palette.js';
import { ScriptVocabulary } from '../script/ScriptVocabulary.js';

/**
 * Turns the trace into what the timeline draws, in steps (x) and rows (y): one row per context under the CPU it
 * ran on, with slices for each uninterrupted run labelled with the driver function it ran; rows for the tracked
 * objects' lifetimes (allocated -> freed, devres entries, accesses after the free), the module's states, IRQ
 * registrations and firings, pending tasklets/work/timers/RCU callbacks, refcounts as step graphs; user events
 * as flags; reports with the free -> use flow.
 */
export class TimelineLayout {
  static MAX_OBJECT_ROWS = 10;

  static compute(model) {
    const events = model.events;
    const state = model.state;
    const head = Math.max(model.head, events.length ? events[events.length - 1].step : 0);
    const kinds = new Map((state?.machine?.contexts ?? []).map((c) => [c.name, c.kind]));
    const out = {
      head, rows: [], slices: [], lives: [], marks: [], graphs: [], flags: [], reports: [], flows: [],
    };
    const rowOf = new Map();
    const addRow = (key, label, type, extra = {}) => {
      const row = { key, label, type, ...extra };
      out.rows.push(row);
      rowOf.set(key, row);
      return row;
    };
    addRow('flags', 'events', 'flags');
    addRow('reports', 'reports', 'reports');
    TimelineLayout.#contexts(events, head, kinds, model.driverFunctions, out, addRow);
    const objectRows = TimelineLayout.#objects(model, head, out, addRow);
    TimelineLayout.#deferred(events, head, out, addRow);
    TimelineLayout.#refcounts(events, head, out, addRow);
    TimelineLayout.#flags(events, out);
    TimelineLayout.#reports(model, out, objectRows, rowOf);
    return out;
  }

  static #contexts(events, head, kinds, driverFns, out, addRow) {
    const byCpu = new Map();
    let open = null;
    const close = (end) => {
      if (!open) return;
      open.end = Math.max(end, open.start + 1);
      open = null;
    };
    for (const e of events) {
      if (!e.context) continue;
      if (!open || open.context !== e.context || open.cpu !== e.cpu) {
        close(e.step);
        const key = `ctx:${e.cpu}:${e.context}`;
        if (!byCpu.has(e.cpu)) byCpu.set(e.cpu, new Map());
        if (!byCpu.get(e.cpu).has(key)) byCpu.get(e.cpu).set(key, e.context);
        open = { row: key, context: e.context, cpu: e.cpu, start: e.step, end: e.step, fn: null, firstFn: e.function,
          kind: Palette.kindOf(e.context, kinds.get(e.context)), seq: e.seq };
        out.slices.push(open);
      }
      if (!open.fn && e.function && driverFns.has(e.function)) open.fn = e.function;
      if (e.kind === 'paused' || e.kind === 'blocked' || e.kind === 'context-exit') close(e.step);
    }
    close(head);
    for (const cpu of [...byCpu.keys()].sort((a, b) => a - b)) {
      addRow(`cpu:${cpu}`, `CPU ${cpu}`, 'section');
      for (const [key, name] of byCpu.get(cpu)) {
        const kind = Palette.kindOf(name, kinds.get(name));
        addRow(key, `${Palette.letter(kind)} ${name}`, 'context', { kind });
      }
    }
  }

  static #objects(model, head, out, addRow) {
    const events = model.events;
    const objects = (model.state?.machine?.objects ?? [])
      .filter((o) => !(o.kind === 'kernel_object' && !o.type?.startsWith('struct')));
    const reported = new Set();
    for (const r of model.state?.reports ?? []) {
      for (const seq of r.related ?? []) if (events[seq]?.object != null) reported.add(events[seq].object);
    }
    const own = new Set([...(model.scenario?.source ?? '').matchAll(/struct\s+(\w+)\s*\{/g)].map((x) => `struct ${x[1]}`));
    const rank = (o) => (reported.has(o.id) ? 0 : own.has(o.type) ? 1 : o.kind === 'devres' ? 2
      : o.kind === 'module_data' ? 3 : o.allocatedAt > 0 ? 4 : 5);
    const chosen = [...objects].sort((a, b) => rank(a) - rank(b) || a.id - b.id)
      .slice(0, TimelineLayout.MAX_OBJECT_ROWS).sort((a, b) => a.id - b.id);
    const rows = new Map();
    const modules = TimelineLayout.#moduleStates(events, head);
    if (chosen.length || modules.length) addRow('objects', 'objects', 'section');
    for (const seg of modules) {
      if (!rows.has('module')) rows.set('module', addRow('module', `module`, 'object'));
      out.lives.push({ row: 'module', start: seg.start, end: seg.end, cls: seg.state === 'LIVE' ? 'life' : 'life pending',
        label: seg.state, tip: `module ${seg.text}\nfrom step ${seg.start}`, step: seg.start });
    }
    for (const o of chosen) {
      const key = `obj:${o.id}`;
      rows.set(o.id, addRow(key, `#${o.id} ${(o.type ?? o.label ?? o.kind).replace('struct ', '')}`, 'object'));
      const start = o.allocatedAt != null ? events[o.allocatedAt]?.step ?? 0 : 0;
      const end = o.freedAt != null ? events[o.freedAt]?.step ?? head : head;
      out.lives.push({
        row: key, start, end: Math.max(end, start + 0.5), cls: `life${o.kind === 'devres' ? ' devres' : ''}`,
        label: `${o.type ?? o.label ?? o.kind}${o.live ? '' : ' (freed)'}`, step: start,
        tip: `#${o.id} ${o.type ?? ''} ${o.label ?? ''}\n${o.kind}, ${o.size} bytes at ${o.address}\nallocated at step ${start}`
          + (o.live ? '' : `\nfreed at step ${end}`),
      });
    }
    const freedAt = new Map(chosen.filter((o) => !o.live && o.freedAt != null).map((o) => [o.id, o.freedAt]));
    const symbols = { alloc: '▲', free: '✕', 'devres-add': '◆', 'devres-release': '◇' };
    for (const e of events) {
      if (e.object == null || !rows.has(e.object)) continue;
      const key = `obj:${e.object}`;
      if (symbols[e.kind]) {
        out.marks.push({ row: key, step: e.step, shape: symbols[e.kind], cls: e.kind === 'free' ? 'free' : 'alloc',
          tip: TimelineLayout.tip(e), seq: e.seq });
      } else if ((e.kind === 'read' || e.kind === 'write') && freedAt.has(e.object) && e.seq > freedAt.get(e.object)) {
        out.marks.push({ row: key, step: e.step, shape: '●', cls: 'bad', tip: `${TimelineLayout.tip(e)}\n(after the free)`,
          seq: e.seq });
      }
    }
    return rows;
  }

  static #moduleStates(events, head) {
    const segs = [];
    for (const e of events) {
      if (e.kind !== 'module-state') continue;
      const state = (e.text ?? '').split('-> ').pop();
      if (segs.length) segs[segs.length - 1].end = e.step;
      segs.push({ start: e.step, end: head, state, text: e.text });
    }
    return segs.filter((s) => s.state !== 'UNLOADED' || s.end > s.start);
  }

  static #deferred(events, head, out, addRow) {
    const irqRows = new Map();
    const periods = TimelineLayout.#pendingPeriods(events);
    const open = new Map();
    for (const e of events) {
      if (e.kind !== 'irq-request' && e.kind !== 'irq-free' && e.kind !== 'irq-fire') continue;
      const key = `irq:${e.object}`;
      if (!irqRows.has(key)) irqRows.set(key, `IRQ ${e.object}`);
      if (e.kind === 'irq-request') open.set(key, e);
      if (e.kind === 'irq-free' && open.has(key)) {
        const from = open.get(key);
        out.lives.push({ row: key, start: from.step, end: e.step, cls: 'life irq', label: from.text, step: from.step,
          tip: `${from.text}\nrequested at step ${from.step}, freed at step ${e.step}` });
        open.delete(key);
      }
      if (e.kind === 'irq-fire') {
        out.marks.push({ row: key, step: e.step, shape: '⚡', cls: 'fire', tip: TimelineLayout.tip(e), seq: e.seq });
      }
    }
    for (const [key, from] of open) {
      out.lives.push({ row: key, start: from.step, end: head, cls: 'life irq', label: from.text, step: from.step,
        tip: `${from.text}\nrequested at step ${from.step}` });
    }
    if (irqRows.size || periods.length) addRow('deferred', 'IRQs & deferred', 'section');
    for (const [key, label] of irqRows) addRow(key, label, 'object');
    const kinds = new Map();
    for (const p of periods) {
      const key = `defer:${p.key}`;
      if (!kinds.has(key)) kinds.set(key, addRow(key, `${p.kind}${p.object != null ? ` in #${p.object}` : ''}`, 'object'));
      out.lives.push({ row: key, start: p.start, end: p.end ?? head, cls: 'life pending', step: p.start,
        label: p.end === null ? 'pending' : `pending → ${p.endKind}`,
        tip: `${p.label}\npending from step ${p.start}${p.end === null ? ' (still)' : ` until ${p.endKind} at step ${p.end}`}` });
    }
  }

  static #opens = { 'tasklet-schedule': 'tasklet', 'work-queue': 'work', 'timer-arm': 'timer', 'rcu-queue': 'rcu' };

  static #closes = {
    'tasklet-start': 'tasklet', 'tasklet-kill': 'tasklet', 'work-start': 'work', 'timer-fire': 'timer',
    'timer-cancel': 'timer', 'rcu-invoke': 'rcu',
  };

  /**
   * Every period a tasklet, work item, timer or RCU callback was pending, by the events that queue it and take it
   * to run (or cancel it), keyed by its address: [{kind, key, label (the queueing event's text), start, end (null:
   * still pending), endKind, seq, object}]. What is pending at one step is the state's (machine.deferred).
   */
  static #pendingPeriods(events) {
    const open = new Map();
    const out = [];
    for (const e of events) {
      const opens = TimelineLayout.#opens[e.kind];
      const closes = TimelineLayout.#closes[e.kind];
      if (!opens && !closes) continue;
      const kind = opens ?? closes;
      const key = `${kind}:${e.from ?? e.object}`;
      if (opens) {
        if (!open.has(key)) {
          const period = { kind, key, label: e.text ?? `${e.kind} ${e.object ?? ''}`, start: e.step, end: null,
            endKind: null, seq: e.seq, object: e.object };
          open.set(key, period);
          out.push(period);
        }
      } else if (open.has(key)) {
        const period = open.get(key);
        period.end = e.step;
        period.endKind = e.kind;
        open.delete(key);
      }
    }
    return out;
  }

  static #refcounts(events, head, out, addRow) {
    const series = new Map();
    for (const e of events) {
      if (e.kind !== 'refcount') continue;
      const key = `ref:${e.object}:${e.text}`;
      if (!series.has(key)) series.set(key, { key, name: e.text, points: [{ step: e.step, value: e.from ?? 0 }] });
      series.get(key).points.push({ step: e.step, value: e.to ?? 0, tip: TimelineLayout.tip(e), seq: e.seq });
    }
    if (series.size) addRow('refs', 'refcounts', 'section');
    for (const s of series.values()) {
      addRow(s.key, s.name, 'graph');
      out.graphs.push({ row: s.key, points: s.points, head });
    }
  }

  static #flags(events, out) {
    for (const e of events) {
      if (e.kind === 'command') {
        out.flags.push({ step: e.step, label: e.text, inject: ScriptVocabulary.isEvent(e.text),
          tip: `$ ${e.text}\nstep ${e.step}`, seq: e.seq });
      } else if (e.kind === 'signal') {
        out.flags.push({ step: e.step, label: e.text, inject: true, tip: TimelineLayout.tip(e), seq: e.seq });
      }
    }
  }

  static #reports(model, out, objectRows, rowOf) {
    const events = model.events;
    for (const r of model.state?.reports ?? []) {
      const at = events[r.seq];
      if (!at) continue;
      const ctxRow = `ctx:${at.cpu}:${r.context ?? at.context}`;
      const report = { step: at.step, title: r.title, kind: r.kind, tip: `${r.title}\nstep ${at.step}, ${r.context ?? ''} in ${r.function ?? '?'}`,
        row: rowOf.has(ctxRow) ? ctxRow : null, seq: r.seq };
      out.reports.push(report);
      const free = (r.related ?? []).map((s) => events[s]).find((e) => e && e.kind === 'free');
      if (free && objectRows.has(free.object)) {
        const row = `obj:${free.object}`;
        out.marks.push({ row, step: at.step, shape: '✖', cls: 'bad', tip: `use after free: ${r.title}`, seq: r.seq });
        out.flows.push({ row, from: free.step, to: at.step, toRow: report.row,
          tip: `freed at step ${free.step} (${free.context} in ${free.function}), used at step ${at.step}` });
      }
    }
  }

  static tip(e) {
    const where = e.context ? `${e.context}${e.function ? ` in ${e.function}` : ''}${e.line ? `:${e.line}` : ''}` : '';
    return `${e.kind}${e.text ? `: ${e.text}` : ''}\nstep ${e.step}, seq ${e.seq}${where ? `, ${where}` : ''}`
      + `${e.cpu != null ? `, CPU ${e.cpu}` : ''}`;
  }
}
