import { CodeMirror } from '../util/codemirror.js';
import { Dom } from '../util/Dom.js';

/**
 * Completion of the simulated kernel's API (GET /api/kernel/api, fetched the first time it is needed) for
 * CodeMirror's show-hint: names that start with the word at the cursor, each with its kind, prototype and header.
 * After `struct`, `union` or `enum` only types of that kind are offered.
 */
export class KernelCompletion {
  static #LIMIT = 60;
  static #KIND_ORDER = ['function', 'macro', 'type', 'constant', 'variable'];

  #load;
  #entries = null;

  /** load: () => Promise of [{name, prototype, header, kind}]. */
  constructor(load) {
    this.#load = load;
  }

  /** The list, fetched once (a failed fetch is tried again next time). */
  entries() {
    if (!this.#entries) {
      this.#entries = this.#load().catch(() => {
        this.#entries = null;
        return [];
      });
    }
    return this.#entries;
  }

  /** show-hint's `hint` option: a promise of {list, from, to}. */
  get hint() {
    return (cm) => this.#hint(cm);
  }

  async #hint(cm) {
    const cursor = cm.getCursor();
    const line = cm.getLine(cursor.line);
    let start = cursor.ch;
    while (start > 0 && /\w/.test(line[start - 1])) start--;
    const word = line.slice(start, cursor.ch);
    const tag = /\b(struct|union|enum)\s+$/.exec(line.slice(0, start))?.[1];
    const from = CodeMirror.Pos(cursor.line, start);
    const to = CodeMirror.Pos(cursor.line, cursor.ch);
    if (!word && !tag) return { list: [], from, to }; // a name was left (typing '->', ' ', ...)
    const entries = await this.entries();
    const lower = word.toLowerCase();
    const matches = entries.filter((e) => e.name.toLowerCase().startsWith(lower)
      && (!tag || (e.kind === 'type' && e.prototype.includes(`${tag} ${e.name}`))));
    matches.sort((a, b) => KernelCompletion.#rank(a, word) - KernelCompletion.#rank(b, word)
      || a.name.length - b.name.length || a.name.localeCompare(b.name));
    return {
      list: matches.slice(0, KernelCompletion.#LIMIT).map((e) => ({
        text: e.name,
        displayText: e.name,
        entry: e,
        render: (el) => KernelCompletion.#render(el, e),
      })),
      from,
      to,
    };
  }

  /** The same case first, then functions before macros, types, constants and variables. */
  static #rank(e, word) {
    return (e.name.startsWith(word) ? 0 : 10) + KernelCompletion.#KIND_ORDER.indexOf(e.kind);
  }

  static #render(el, e) {
    el.title = `${e.prototype}\n${e.header}`;
    el.append(Dom.el('span', { class: 'hint-name', text: e.name }),
      Dom.el('span', { class: `hint-kind kind-${e.kind}`, text: e.kind }),
      Dom.el('span', { class: 'hint-proto', text: e.prototype }));
  }
}
