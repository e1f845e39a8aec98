/**
 * Deferred work read off the trace: a tasklet is pending from tasklet-schedule until it starts (or is killed),
 * work from work-queue until work-start, a timer from timer-arm until it fires or is cancelled, an RCU callback
 * from rcu-queue until rcu-invoke. Keyed by the address of the tasklet/work/timer/rcu_head.
 */
export class Queues {
  static #opens = { 'tasklet-schedule': 'tasklet', 'work-queue': 'work', 'timer-arm': 'timer', 'rcu-queue': 'rcu' };

  static #closes = {
    'tasklet-start': 'tasklet', 'tasklet-kill': 'tasklet', 'work-start': 'work', 'timer-fire': 'timer',
    'timer-cancel': 'timer', 'rcu-invoke': 'rcu',
  };

  /** Every pending period: [{kind, key, label, start, end (null: still pending), endKind}]. */
  static periods(events, upTo = Infinity) {
    const open = new Map();
    const out = [];
    for (const e of events) {
      if (e.step > upTo) break;
      const opens = Queues.#opens[e.kind];
      const closes = Queues.#closes[e.kind];
      if (!opens && !closes) continue;
      const kind = opens ?? closes;
      const key = `${kind}:${e.from ?? e.object}`;
      if (opens) {
        if (!open.has(key)) {
          const period = { kind, key, label: Queues.#label(e), start: e.step, end: null, endKind: null, seq: e.seq,
            object: e.object };
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

  static pendingAt(events, step) {
    return Queues.periods(events, step).filter((p) => p.end === null)
      .map((p) => ({ kind: p.kind, label: p.label, since: p.start }));
  }

  static #label(e) {
    const text = e.text ?? '';
    return text.replace(/ (scheduled|queued|armed)$/, '') || `${e.kind} ${e.object ?? ''}`;
  }
}
