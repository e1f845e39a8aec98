import { Dom } from '../util/Dom.js';

/**
 * Clicking through a scenario's scripts: "next" applies the script's next command, "run to end" the rest.
 * Choosing another script starts it from the beginning (the session goes back to step 0). The position is where
 * the session's commands stop matching the script, so it survives reloads and rewinds.
 */
export class ScriptControls {
  #page;
  #select = Dom.$('script-select');
  #next = Dom.$('script-next');
  #runAll = Dom.$('script-run');
  #scripts = new Map();
  #position = 0;
  #busy = false;

  constructor(page) {
    this.#page = page;
    this.#select.addEventListener('change', () => this.#choose());
    this.#next.addEventListener('click', () => this.#apply(1));
    this.#runAll.addEventListener('click', () => this.#apply(Infinity));
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
      if (history.length > 0 && ScriptControls.#matched(lines, history) === Math.min(lines.length, history.length)) {
        this.#select.value = name;
        break;
      }
    }
    this.rewound();
  }

  /** Event-script lines without comments and blank lines. */
  static lines(text) {
    return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0);
  }

  static #matched(lines, history) {
    let i = 0;
    while (i < lines.length && i < history.length && lines[i] === history[i]) i++;
    return i;
  }

  rewound() {
    this.#position = ScriptControls.#matched(this.#lines(), this.#page.model.commandHistory());
  }

  #lines() {
    return this.#scripts.get(this.#select.value) ?? [];
  }

  render() {
    const lines = this.#lines();
    // Someone else in the room may have applied the script's next commands.
    const matched = ScriptControls.#matched(lines, this.#page.model.commandHistory());
    if (matched > this.#position) this.#position = matched;
    const next = lines[this.#position];
    const crashed = Boolean(this.#page.model.state?.stopped) && this.#page.model.atHead;
    this.#next.disabled = this.#busy || !next || crashed;
    this.#runAll.disabled = this.#next.disabled;
    this.#next.textContent = next ? `next: ${next}` : 'script done';
    this.#next.title = next ? `Apply "${next}" (N)` : 'the script has no more commands';
    this.#next.setAttribute('aria-label', next ? `Script, next command: ${next}` : 'Script done');
  }

  async #choose() {
    const model = this.#page.model;
    this.#position = 0;
    if (model.commandHistory().length > 0) {
      try {
        await this.#page.rewind(0);
      } catch (e) {
        Dom.$('command-error').textContent = e.message;
      }
    }
    this.rewound();
    this.render();
  }

  async #apply(count) {
    const start = this.#position;
    const lines = this.#lines().slice(start, start + count);
    if (lines.length === 0) return;
    this.#busy = true;
    this.render();
    try {
      const result = await this.#page.run(lines);
      // The push may have moved the position already (render matches the history): never count a line twice.
      this.#position = Math.max(this.#position, start + result.applied + result.skipped);
      Dom.$('command-error').textContent = '';
    } catch (e) {
      Dom.$('command-error').textContent = e.message;
    } finally {
      this.#busy = false;
      this.render();
    }
  }
}
