/**
 * What the page knows about its session: the scenario, every trace event (index = seq), the state now, and the
 * step the user is looking at (the cursor: null while following the newest step). Views read it; only the update
 * queue and the page's own cursor moves write it. Fires 'change' (trace or state) and 'cursor'.
 */
export class SessionModel extends EventTarget {
  #id = null;
  #spec = null;
  #scenario = null;
  #driverFunctions = new Set();
  #events = [];
  #state = null;
  #cursor = null;
  #view = null;
  #headHeap = [];
  #headHeapStep = -1;
  #selected = null;

  get id() { return this.#id; }

  get spec() { return this.#spec; }

  get scenario() { return this.#scenario; }

  get driverFunctions() { return this.#driverFunctions; }

  get events() { return this.#events; }

  get next() { return this.#events.length; }

  get state() { return this.#state; }

  /** The newest step. */
  get head() { return this.#state ? this.#state.steps : 0; }

  /** The step shown. */
  get cursor() { return this.#cursor === null ? this.head : Math.min(this.#cursor, this.head); }

  get atHead() { return this.#cursor === null || this.#cursor >= this.head; }

  /** The state shown: now, or the fetched past one while scrubbing (null until it arrives). */
  get viewState() { return this.atHead ? this.#state : this.#view?.state ?? null; }

  get viewHeap() { return this.atHead ? this.#headHeap : this.#view?.heap ?? []; }

  get pastViewStep() { return this.#view?.step ?? null; }

  reset(id, spec, scenario, driverFunctions) {
    this.#id = id;
    this.#spec = spec;
    this.#scenario = scenario;
    this.#driverFunctions = driverFunctions;
    this.#events = [];
    this.#state = null;
    this.#cursor = null;
    this.#view = null;
    this.#headHeap = [];
    this.#headHeapStep = -1;
  }

  /** Appends events from seq `from` on; false when they do not follow on (a gap: the caller resyncs). */
  appendEvents(from, events) {
    if (from > this.#events.length) return false;
    for (const e of events) {
      if (e.seq === this.#events.length) this.#events.push(e);
    }
    this.#changed();
    return true;
  }

  /** A newer state after a batch; an older one (a frame that overtook a fetch) is ignored. */
  applyState(state) {
    if (this.#state && state.next < this.#state.next) return;
    this.#state = state;
    this.#changed();
  }

  /** The session went back: events from state.next on are gone. */
  rewound(state) {
    this.#events.length = Math.min(this.#events.length, state.next);
    this.#state = state;
    if (this.#cursor !== null && this.#cursor >= state.steps) this.#cursor = null;
    this.#view = null;
    this.#changed();
  }

  /** The context whose call stack is shown (and whose row "step" applies to). */
  get selectedContext() { return this.#selected; }

  select(name) {
    this.#selected = name;
    this.dispatchEvent(new Event('select'));
  }

  /** Whether what is shown is complete: the heap of the newest step, or the past step's fetched view. */
  get viewComplete() {
    return this.atHead ? this.#headHeapStep === this.head : this.#view?.step === this.#cursor;
  }

  setHeadHeap(heap, step) {
    this.#headHeap = heap;
    this.#headHeapStep = step;
    this.dispatchEvent(new Event('heap'));
  }

  /** Moves the cursor: null follows the newest step; a number stays put even when newer steps arrive. */
  setCursor(step) {
    const s = step === null ? null : Math.max(0, Math.min(this.head, Math.round(step)));
    if (s === this.#cursor) return;
    this.#cursor = s;
    this.dispatchEvent(new Event('cursor'));
  }

  setPastView(view) {
    if (this.#cursor === null || view.step !== this.#cursor) return;
    this.#view = view;
    this.dispatchEvent(new Event('view'));
  }

  /** The command lines applied so far, read off the trace's command events. */
  commandHistory() {
    return this.#events.filter((e) => e.kind === 'command').map((e) => e.text);
  }

  /** The index of the first event after step `step` (events of that step included before it). */
  firstAfter(step) {
    let lo = 0;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#events[mid].step <= step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
