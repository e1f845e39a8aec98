import { Dom } from '../util/Dom.js';
import { ActionList } from './ActionList.js';
import { ScriptControls } from './ScriptControls.js';

/**
 * The one toolbar: stepping through history (back, forward, the step slider, continue), the script, the events
 * to inject, and a free command line with completion whose errors show inline.
 */
export class Toolbar {
  #page;
  #scenario = null;
  #script;
  #actions = Dom.$('actions');
  #buttons = new Map();
  #scrub = Dom.$('scrub');
  #error = Dom.$('command-error');
  #completionKey = '';

  constructor(page) {
    this.#page = page;
    this.#script = new ScriptControls(page);
    Dom.$('back').addEventListener('click', () => page.goTo(page.model.cursor - 1));
    Dom.$('forward').addEventListener('click', () => page.goTo(page.model.cursor + 1));
    Dom.$('continue').addEventListener('click', () => this.#run(['continue']));
    this.#scrub.addEventListener('input', () => page.goTo(Number(this.#scrub.value)));
    Dom.$('new-process').addEventListener('click', () => this.#newProcess());
    Dom.$('command-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const input = Dom.$('command-input');
      const text = input.value.trim();
      if (!text) return;
      this.#run([text]).then((ok) => {
        if (ok) input.value = '';
      });
    });
  }

  /** The small form for a new process: the command line, prefilled with an open of a node the scenario uses. */
  #newProcess() {
    const m = this.#page.model;
    const known = ActionList.processes(this.#scenario, m.commandHistory());
    const taken = new Set([...known.map((p) => p.name), ...(m.state?.machine?.contexts ?? []).map((c) => c.name)]);
    let n = 1;
    while (taken.has(`P${n}`)) n++;
    const input = Dom.$('command-input');
    input.value = `open ${known[0]?.path ?? '/dev/'} as P${n}`;
    input.focus();
    input.setSelectionRange(5, 5 + (known[0]?.path ?? '/dev/').length);
  }

  setScenario(scenario) {
    this.#scenario = scenario;
    this.#script.setScenario(scenario);
    Dom.clear(this.#actions);
    this.#buttons.clear();
  }

  rewound() {
    this.#script.rewound();
  }

  async #run(commands) {
    try {
      await this.#page.run(commands);
      this.#error.textContent = '';
      return true;
    } catch (e) {
      this.#error.textContent = e.message;
      return false;
    }
  }

  render() {
    const m = this.#page.model;
    if (!this.#scenario) return;
    const head = m.head;
    const cursor = m.cursor;
    this.#scrub.max = String(head);
    this.#scrub.value = String(cursor);
    this.#scrub.setAttribute('aria-valuetext', `step ${cursor} of ${head}`);
    Dom.$('scrub-label').textContent = m.atHead ? `step ${cursor}` : `step ${cursor} / ${head}`;
    Dom.$('back').disabled = cursor <= 0;
    Dom.$('forward').disabled = m.atHead;
    const state = m.viewState ?? m.state;
    const paused = (state?.machine?.contexts ?? []).some((c) => c.status === 'paused');
    Dom.$('continue').disabled = !paused || Boolean(state?.stopped);
    this.#script.render();
    this.#renderActions(ActionList.of(this.#scenario, state, m.commandHistory()));
    this.#renderCompletions(state);
  }

  /** Keyed update: buttons keep their identity (and keyboard focus) across renders. */
  #renderActions(actions) {
    const keep = new Set();
    let previous = null;
    for (const a of actions) {
      keep.add(a.key);
      let b = this.#buttons.get(a.key);
      if (!b) {
        b = Dom.el('button', { type: 'button', class: 'action', dataset: { command: a.key } });
        b.addEventListener('click', () => this.#run([b.dataset.run]));
        this.#buttons.set(a.key, b);
      }
      b.textContent = a.label;
      // open/exit share a place: as wide as the longer of the two, so nothing moves when one becomes the other
      b.style.minWidth = a.key.startsWith('life ') ? `calc(${a.label.length + 1}ch + 1rem)` : '';
      b.dataset.run = a.command;
      b.disabled = !a.enabled;
      b.title = a.title;
      // the name starts with what the button shows (WCAG 2.5.3), then what it runs or why it cannot
      b.setAttribute('aria-label', a.enabled ? `${a.label} (inject: ${a.command})`
        : `${a.label} (unavailable: ${a.title})`);
      const want = previous ? previous.nextSibling : this.#actions.firstChild;
      if (want !== b) this.#actions.insertBefore(b, want);
      previous = b;
    }
    for (const [key, b] of this.#buttons) {
      if (!keep.has(key)) {
        b.remove();
        this.#buttons.delete(key);
      }
    }
  }

  #renderCompletions(state) {
    const list = ActionList.completions(this.#scenario, state, this.#page.model.driverFunctions);
    const key = list.join('\n');
    if (key === this.#completionKey) return;
    this.#completionKey = key;
    Dom.clear(Dom.$('command-completions')).append(...list.map((c) => Dom.el('option', { value: c })));
  }
}
