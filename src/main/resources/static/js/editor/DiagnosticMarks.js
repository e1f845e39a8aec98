import { Dom } from '../util/Dom.js';

/**
 * The compiler's diagnostics drawn into one CodeMirror document: a mark in the gutter (its message on hover), the
 * line tinted, the text from the column to the end of the token underlined (message on hover), and the message
 * itself under the line. Marks belong to the document, so each file of a module keeps its own.
 */
export class DiagnosticMarks {
  static GUTTER = 'cm-diagnostics';

  #doc;
  #handles = [];

  constructor(doc) {
    this.#doc = doc;
  }

  /** [{line, col, message}] (1-based; col may be missing), replacing what was shown. */
  show(diagnostics, editor) {
    this.clear(editor);
    const doc = this.#doc;
    for (const d of diagnostics) {
      const line = Math.min(Math.max(1, d.line ?? 1), doc.lineCount()) - 1;
      const text = doc.getLine(line);
      // without a column, the line's first word
      const ch = d.col ? Math.min(Math.max(0, d.col - 1), text.length) : text.length - text.trimStart().length;
      const token = /^(\w+|\S)/.exec(text.slice(ch))?.[0] ?? '';
      const from = { line, ch: token ? ch : Math.max(0, ch - 1) };
      const to = { line, ch: token ? ch + token.length : Math.max(ch, 1) };
      const mark = doc.markText(from, to, { className: 'cm-diagnostic', attributes: { title: d.message } });
      const handle = doc.addLineClass(line, 'background', 'cm-diagnostic-line');
      const note = Dom.el('div', { class: 'cm-diagnostic-note', role: 'note', text: `error: ${d.message}` });
      const widget = doc.addLineWidget(line, note);
      this.#handles.push({ mark, handle, widget, line });
      editor?.setGutterMarker(handle, DiagnosticMarks.GUTTER,
        Dom.el('span', { class: 'cm-diagnostic-marker', title: d.message, 'aria-label': `error: ${d.message}` }, '●'));
    }
  }

  clear(editor) {
    for (const { mark, handle, widget } of this.#handles) {
      mark.clear();
      widget.clear();
      this.#doc.removeLineClass(handle, 'background', 'cm-diagnostic-line');
      editor?.setGutterMarker(handle, DiagnosticMarks.GUTTER, null);
    }
    this.#handles = [];
  }

  get count() {
    return this.#handles.length;
  }
}
