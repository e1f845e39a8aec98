import { CHighlighter } from '../util/CHighlighter.js';
import { Dom } from '../util/Dom.js';

/**
 * A plain textarea over a highlighted copy of its text (C or YAML), with line numbers and an inline error: the
 * line number turns red, the text from the error's column is underlined, and the message follows the line. The
 * textarea is the real editor (native undo, selection, accessibility); the layer below only paints.
 */
export class Editor {
  #language;
  #textarea;
  #highlight;
  #numbers;
  #error = null;
  #onInput;

  constructor(host, { language, label, onInput }) {
    this.#language = language;
    this.#onInput = onInput;
    this.#numbers = Dom.el('pre', { class: 'numbers', 'aria-hidden': 'true' });
    this.#highlight = Dom.el('pre', { class: 'highlight', 'aria-hidden': 'true' });
    this.#textarea = Dom.el('textarea', { spellcheck: 'false', wrap: 'off', autocapitalize: 'off',
      'aria-label': label, 'aria-describedby': 'edit-error' });
    this.#textarea.addEventListener('input', () => {
      this.#error = null;
      this.#paint();
      this.#onInput();
    });
    this.#textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.shiftKey && this.#language === 'c') {
        e.preventDefault();
        document.execCommand('insertText', false, '\t');
      }
    });
    host.append(Dom.el('div', { class: 'layers' }, this.#numbers,
      Dom.el('div', { class: 'surface' }, this.#highlight, this.#textarea)));
  }

  get value() {
    return this.#textarea.value;
  }

  set value(text) {
    this.#textarea.value = text;
    this.#error = null;
    this.#paint();
  }

  /** {line, col, message} (1-based), or null to clear. */
  setError(error) {
    this.#error = error;
    this.#paint();
  }

  #paint() {
    const text = this.#textarea.value;
    const lines = this.#language === 'c' ? CHighlighter.lines(text) : Editor.#yamlLines(text);
    const e = this.#error;
    const out = document.createDocumentFragment();
    lines.forEach((fragment, i) => {
      if (e && e.line === i + 1) out.append(Editor.#marked(text.split('\n')[i], e));
      else out.append(fragment);
      out.append('\n');
    });
    Dom.clear(this.#highlight).append(out);
    const numbers = document.createDocumentFragment();
    lines.forEach((_, i) => {
      numbers.append(e && e.line === i + 1 ? Dom.el('span', { class: 'error-line', text: String(i + 1) })
        : String(i + 1), '\n');
    });
    Dom.clear(this.#numbers).append(numbers);
    // Size the textarea to its content, so the panel (not the textarea) scrolls and the layers stay aligned.
    this.#textarea.style.height = 'auto';
    this.#textarea.style.width = 'auto';
    this.#textarea.style.height = `${this.#textarea.scrollHeight}px`;
    this.#textarea.style.width = `${Math.max(this.#textarea.scrollWidth, this.#highlight.scrollWidth)}px`;
  }

  static #marked(line, e) {
    const frag = document.createDocumentFragment();
    const col = Math.max(1, e.col ?? 1) - 1;
    const rest = line.slice(col);
    const token = /^\S+/.exec(rest)?.[0] ?? (rest.length ? rest : ' ');
    frag.append(line.slice(0, col));
    frag.append(Dom.el('span', { class: 'squiggle', text: token }));
    frag.append(rest.slice(token.length));
    frag.append(Dom.el('span', { class: 'error-note', text: `← ${e.message}` }));
    return frag;
  }

  static #yamlLines(text) {
    return text.split('\n').map((line) => {
      const frag = document.createDocumentFragment();
      const comment = /(^|\s)#.*$/.exec(line);
      const body = comment ? line.slice(0, comment.index + comment[1].length) : line;
      const key = /^(\s*-?\s*)([\w-]+)(:)(.*)$/.exec(body);
      if (key) {
        frag.append(key[1], Dom.el('span', { class: 'tok-kw', text: key[2] }), key[3]);
        frag.append(Dom.el('span', { class: /^\s*["'{[]/.test(key[4]) ? 'tok-str' : '', text: key[4] }));
      } else {
        frag.append(body);
      }
      if (comment) frag.append(Dom.el('span', { class: 'tok-com', text: line.slice(body.length) }));
      return frag;
    });
  }

  focus() {
    this.#textarea.focus();
  }
}
