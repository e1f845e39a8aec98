import { CodeMirror } from '../util/codemirror.js';
import { DiagnosticMarks } from './DiagnosticMarks.js';

/**
 * One CodeMirror 5 editor: line numbers with a gutter for diagnostics, bracket matching, search (Ctrl-F, Ctrl-G,
 * Shift-Ctrl-F to replace) and, for C, completion of the kernel API (Ctrl-Space, or by itself while typing a
 * name). It shows one document at a time: a module's files are documents swapped in and out.
 */
export class CodeEditor {
  static C = 'text/x-csrc';
  static YAML = 'yaml';

  #cm;
  #completion;

  /** mode: CodeEditor.C or .YAML; completion: a KernelCompletion or null; onInput: after every user edit. */
  constructor(host, { mode, label, onInput, completion = null }) {
    this.#completion = completion;
    const c = mode === CodeEditor.C;
    this.#cm = CodeMirror(host, {
      value: '',
      mode,
      lineNumbers: true,
      gutters: [DiagnosticMarks.GUTTER, 'CodeMirror-linenumbers'],
      tabSize: 4,
      indentUnit: c ? 4 : 2,
      indentWithTabs: c,
      matchBrackets: true,
      screenReaderLabel: label,
      extraKeys: completion ? { 'Ctrl-Space': 'autocomplete' } : {},
      hintOptions: completion ? { hint: completion.hint, completeSingle: false } : undefined,
    });
    // The scrolled region is a tab stop of its own, right after the editor's input, so a keyboard user can scroll
    // it with the arrow keys (axe: scrollable-region-focusable); it hands nothing back, so Tab goes on from it.
    const scroller = this.#cm.getScrollerElement();
    scroller.tabIndex = 0;
    scroller.setAttribute('aria-label', `${label}: scroll with the arrow keys`);
    this.#cm.on('changes', (cm, changes) => {
      if (changes.some((ch) => ch.origin !== 'setValue')) onInput();
    });
    if (completion) this.#cm.on('inputRead', (cm, change) => this.#maybeComplete(change));
  }

  /** While a name is typed (two characters or more, not in a comment or string), offer completions. */
  #maybeComplete(change) {
    const cm = this.#cm;
    if (cm.state.completionActive || !/\w$/.test(change.text.join(''))) return;
    const cursor = cm.getCursor();
    const before = cm.getLine(cursor.line).slice(0, cursor.ch);
    const word = /\w*$/.exec(before)[0];
    const type = cm.getTokenTypeAt(cursor) ?? '';
    if (word.length < 2 || /^\d/.test(word) || /comment|string|meta/.test(type)) return;
    cm.showHint({ completeSingle: false });
  }

  /** A new document for this editor's mode. */
  document(text, mode = this.#cm.getOption('mode')) {
    return new CodeMirror.Doc(text, mode);
  }

  /** Shows `doc`, returning the one shown before. */
  swapDoc(doc) {
    this.#cm.closeHint?.();
    return this.#cm.swapDoc(doc);
  }

  get doc() {
    return this.#cm.getDoc();
  }

  get cm() {
    return this.#cm;
  }

  get value() {
    return this.#cm.getValue();
  }

  /** Replaces the text (not an edit: no onInput, no undo history to go back to the old one). */
  set value(text) {
    this.#cm.setValue(text);
    this.#cm.clearHistory();
  }

  /** After the editor was hidden (display: none), it measures itself again. */
  refresh() {
    this.#cm.refresh();
  }

  focus() {
    this.#cm.focus();
  }
}
