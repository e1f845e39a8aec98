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
  #processes = new Map();
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
    for (const e of [...this.#buttons.values(), ...this.#processes.values()]) e.remove();
    this.#buttons.clear();
    this.#processes.clear();
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

  /**
   * Keyed update: buttons keep their identity (and keyboard focus) across renders. The scenario's events first,
   * then each process's buttons in a box of their own under its name (the box wraps as a whole: a process's
   * buttons stay together on one line), then "new process…", which stays last. Labels never change width (open and
   * exit share a place as wide as the longer), so a change of state moves nothing.
   */
  #renderActions(actions) {
    const keep = new Set();
    const keepProcesses = new Set();
    let previous = null; // the last element placed in the bar
    let inBox = null; // the process box being filled, and its last button
    let previousInBox = null;
    for (const a of actions) {
      keep.add(a.key);
      let parent = this.#actions;
      if (a.process !== null) {
        const box = this.#processBox(a.process);
        keepProcesses.add(a.process);
        if (inBox !== box) {
          this.#place(this.#actions, box, previous);
          previous = box;
          inBox = box;
          previousInBox = box.firstChild; // the name
        }
        parent = box;
      } else {
        inBox = null;
      }
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
      const label = a.process === null ? a.label : `${a.label} ${a.process}`;
      b.setAttribute('aria-label', a.enabled ? `${label} (inject: ${a.command})`
        : `${label} (unavailable: ${a.title})`);
      if (parent === this.#actions) {
        this.#place(parent, b, previous);
        previous = b;
      } else {
        this.#place(parent, b, previousInBox);
        previousInBox = b;
      }
    }
    for (const [key, b] of this.#buttons) {
      if (!keep.has(key)) {
        b.remove();
        this.#buttons.delete(key);
      }
    }
    for (const [name, box] of this.#processes) {
      if (!keepProcesses.has(name)) {
        box.remove();
        this.#processes.delete(name);
      }
    }
  }

  /** Puts `e` right after `after` in `parent` (first when `after` is null), moving it only if it is elsewhere. */
  #place(parent, e, after) {
    const want = after ? after.nextSibling : parent.firstChild;
    if (want !== e) parent.insertBefore(e, want);
  }

  /** A process's box: its name, then its buttons. */
  #processBox(name) {
    let box = this.#processes.get(name);
    if (!box) {
      box = Dom.el('span', { class: 'process-actions', role: 'group', 'aria-label': `process ${name}` });
      const label = Dom.el('span', { class: 'process-name', title: name });
      label.textContent = name;
      box.append(label);
      this.#processes.set(name, box);
    }
    return box;
  }

  #renderCompletions(state) {
    const list = ActionList.completions(this.#scenario, state, this.#page.model.driverFunctions);
    const key = list.join('\n');
    if (key === this.#completionKey) return;
    this.#completionKey = key;
    Dom.clear(Dom.$('command-completions')).append(...list.map((c) => Dom.el('option', { value: c })));
  }
}
