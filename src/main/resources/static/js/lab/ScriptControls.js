import { Dom } from '../util/Dom.js';

/**
 * Clicking through a scenario's scripts. The script follows the session: its position is how many of the
 * session's commands match the script's first lines, so "next" is the script's next command that still applies,
 * whoever applied the earlier ones (a reload, a rewind, someone else in the room). Choosing another script never
 * changes the session. When the session's commands left the script (commands typed by hand, a rewind that stopped
 * a command part-way) the controls say so and offer to go back to where it still matched, or a fresh copy.
 */
export class ScriptControls {
  #page;
  #select = Dom.$('script-select');
  #next = Dom.$('script-next');
  #runAll = Dom.$('script-run');
  #info = Dom.$('script-status');
  #scripts = new Map();
  #busy = false;

  constructor(page) {
    this.#page = page;
    this.#select.addEventListener('change', () => this.render());
    this.#next.addEventListener('click', () => {
      if (this.#status().diverged) this.#backToScript();
      else this.#apply(1);
    });
    this.#runAll.addEventListener('click', () => {
      if (this.#status().diverged) this.#restart();
      else this.#apply(Infinity);
    });
  }

  setScenario(scenario) {
    this.#scripts = new Map();
    if (scenario.script) this.#scripts.set('script', ScriptControls.lines(scenario.script));
    for (const [name, text] of Object.entries(scenario.scripts ?? {})) this.#scripts.set(name, ScriptControls.lines(text));
    Dom.clear(this.#select);
    for (const name of this.#scripts.keys()) {
      this.#select.append(Dom.el('option', { value: name, text: name === 'script' ? 'Script' : `Try: ${name}` }));
    }
    if (this.#scripts.size === 0) this.#select.append(Dom.el('option', { value: '', text: 'no script' }));
    const history = this.#page.model.commandHistory();
    // Reopening a session: pick the script its commands follow.
    for (const [name, lines] of this.#scripts) {
      if (history.length > 0 && ScriptControls.matched(lines, history) === Math.min(lines.length, history.length)) {
        this.#select.value = name;
        break;
      }
    }
  }

  /** Event-script lines without comments and blank lines. */
  static lines(text) {
    return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0);
  }

  /** How many of `history`'s first commands are the script's first lines. */
  static matched(lines, history) {
    let i = 0;
    while (i < lines.length && i < history.length && lines[i] === history[i]) i++;
    return i;
  }

  /**
   * Where the session is in the script: `matched` commands follow it; `diverged` when the session has more
   * (`why` says what), else `next` is the script's next line (undefined: done).
   */
  static position(lines, history, cut) {
    let matched = ScriptControls.matched(lines, history);
    let why = null;
    if (cut !== null && cut !== undefined && matched === history.length && matched > 0) {
      matched--; // a rewind stopped the last command part-way: the script's next line expects it finished
      why = `“${history[matched]}” was stopped at step ${cut} by a rewind`;
    } else if (history.length > matched) {
      why = `“${history[matched]}” is not the script's command ${matched + 1}`
        + (matched < lines.length ? ` (“${lines[matched]}”)` : ' (the script had ended)');
    }
    return { matched, diverged: why !== null, why, next: why === null ? lines[matched] : undefined, total: lines.length };
  }

  #lines() {
    return this.#scripts.get(this.#select.value) ?? [];
  }

  #status() {
    const m = this.#page.model;
    return ScriptControls.position(this.#lines(), m.commandHistory(), m.state?.cut ?? null);
  }

  /** Kept for the page's hooks: the position is always computed from the session, nothing to reset. */
  rewound() {}

  render() {
    const s = this.#status();
    const model = this.#page.model;
    const crashed = Boolean(model.state?.stopped) && model.atHead;
    this.#next.dataset.mode = s.diverged ? 'diverged' : 'next';
    if (s.diverged) {
      this.#next.disabled = this.#busy;
      this.#runAll.disabled = this.#busy;
      this.#next.textContent = `back to the script (after ${s.matched})`;
      this.#next.title = `Your session left the script: ${s.why}. Go on from its command ${s.matched} `
        + '(in a copy, or by rewinding)';
      this.#next.setAttribute('aria-label', this.#next.textContent);
      this.#runAll.textContent = 'restart in a copy';
      this.#runAll.title = 'A fresh copy of the scenario to run the script from the start; this session stays';
      this.#info.textContent = `diverged: ${s.why}`;
      this.#info.title = this.#info.textContent;
      return;
    }
    const next = s.next;
    this.#next.disabled = this.#busy || !next || crashed;
    this.#runAll.disabled = this.#next.disabled;
    this.#next.textContent = next ? `next: ${next}` : 'script done';
    this.#runAll.textContent = 'run to end';
    const why = crashed ? 'the kernel has crashed: step back to go on' : 'the script has no more commands';
    this.#next.title = next && !crashed ? `Apply "${next}" (N)` : why;
    this.#runAll.title = next && !crashed ? `Apply the script's ${s.total - s.matched} remaining commands` : why;
    this.#next.setAttribute('aria-label', this.#next.textContent);
    this.#info.textContent = s.total ? `${s.matched} of ${s.total}` : '';
    this.#info.title = s.total ? `the session has run ${s.matched} of the script's ${s.total} commands` : '';
  }

  async #apply(count) {
    const s = this.#status();
    const lines = this.#lines().slice(s.matched, s.matched + count);
    if (lines.length === 0) return;
    await this.#busyWhile(() => this.#page.run(lines));
  }

  /** Goes on from the point where the session still followed the script. */
  async #backToScript() {
    const s = this.#status();
    const commands = this.#page.model.events.filter((e) => e.kind === 'command');
    const step = s.matched < commands.length ? commands[s.matched].step : this.#page.model.head;
    await this.#busyWhile(() => this.#page.branch(step, {
      keep: s.matched, title: `Go back to command ${s.matched}, where the session still follows the script?`,
    }));
  }

  async #restart() {
    const script = this.#select.value;
    await this.#busyWhile(() => this.#page.fork(0, 0));
    if ([...this.#select.options].some((o) => o.value === script)) this.#select.value = script;
    this.render();
  }

  async #busyWhile(action) {
    this.#busy = true;
    this.render();
    try {
      await action();
      Dom.$('command-error').textContent = '';
    } catch (e) {
      Dom.$('command-error').textContent = e.message;
    } finally {
      this.#busy = false;
      this.render();
    }
  }
}
