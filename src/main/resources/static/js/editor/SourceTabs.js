import { Dom } from '../util/Dom.js';
import { DiagnosticMarks } from './DiagnosticMarks.js';

/**
 * A module's source files as tabs over one editor: each file (`.c` or `.h`) is a CodeMirror document of its own,
 * with its own undo history and its own diagnostics; a tab shows how many errors its file has. The first file is
 * the module's main one and cannot be removed.
 */
export class SourceTabs {
  static NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}\/){0,3}[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}\.[ch]$/;

  #host;
  #editor;
  #onSelect;
  #onChange;
  #files = [];
  #current = null;

  /** onSelect(name): a tab was chosen; onChange(): files were added or removed. */
  constructor(host, editor, { onSelect, onChange }) {
    this.#host = host;
    this.#editor = editor;
    this.#onSelect = onSelect;
    this.#onChange = onChange;
  }

  /** Replaces the files: [[name, text]] in order. */
  set(files) {
    this.#files = files.map(([name, text]) => this.#file(name, text));
    this.#current = null;
    this.#render();
    this.select(this.#files[0].name);
  }

  /** Adds an empty file; returns null, or why the name cannot be used. */
  add(name) {
    if (!SourceTabs.NAME.test(name)) return 'a file name is letters, digits, _ . - (up to three directories: include/x.h) and ends in .c or .h';
    if (this.#find(name)) return `${name} is already a file of this module`;
    this.#files.push(this.#file(name, name.endsWith('.h') ? SourceTabs.#guard(name) : ''));
    this.#render();
    this.select(name);
    this.#onChange();
    return null;
  }

  remove(name) {
    const i = this.#files.findIndex((f) => f.name === name);
    if (i <= 0) return;
    this.#files.splice(i, 1);
    this.#render();
    if (this.#current === name) this.select(this.#files[Math.min(i, this.#files.length - 1)].name);
    this.#onChange();
  }

  select(name) {
    const file = this.#find(name);
    if (!file) return;
    if (this.#current !== name) {
      this.#editor.swapDoc(file.doc);
      this.#current = name;
    }
    this.#pressed(true);
    this.#onSelect(name);
  }

  /** Marks which tab is shown; false when another part of the scenario (the YAML) is. */
  #pressed(on) {
    for (const f of this.#files) f.button.setAttribute('aria-pressed', String(on && f.name === this.#current));
  }

  deselect() {
    this.#pressed(false);
  }

  get current() {
    return this.#current;
  }

  /** [[name, text]] in tab order. */
  get files() {
    return this.#files.map((f) => [f.name, f.doc.getValue()]);
  }

  /**
   * Shows the compiler's diagnostics ({file, line, col, message}) in the files they name; one naming no file
   * of the module (or none) goes to the main file. With `reveal`, selects the file of the first one.
   */
  showDiagnostics(diagnostics, { reveal = false } = {}) {
    const byFile = new Map(this.#files.map((f) => [f, []]));
    for (const d of diagnostics) byFile.get(this.#fileOf(d.file) ?? this.#files[0]).push(d);
    for (const [file, list] of byFile) {
      file.marks.show(list, this.#editor.cm);
      this.#label(file);
    }
    if (reveal && diagnostics.length) this.select((this.#fileOf(diagnostics[0].file) ?? this.#files[0]).name);
  }

  clearDiagnostics() {
    for (const f of this.#files) {
      f.marks.clear(this.#editor.cm);
      this.#label(f);
    }
  }

  /** The file a diagnostic names: exactly, or by its last path component. */
  #fileOf(name) {
    if (!name) return null;
    return this.#find(name) ?? this.#find(name.split('/').pop());
  }

  #find(name) {
    return this.#files.find((f) => f.name === name) ?? null;
  }

  #file(name, text) {
    const doc = this.#editor.document(text);
    return { name, doc, marks: new DiagnosticMarks(doc), button: null };
  }

  #render() {
    Dom.clear(this.#host);
    this.#files.forEach((f, i) => {
      f.button = Dom.el('button', { type: 'button', class: 'file-tab', 'aria-pressed': 'false',
        dataset: { file: f.name } }, f.name);
      f.button.addEventListener('click', () => this.select(f.name));
      this.#label(f);
      const tab = Dom.el('span', { class: 'file-tab-wrap' }, f.button);
      if (i > 0) {
        tab.append(Dom.el('button', { type: 'button', class: 'file-remove', title: `Remove ${f.name}`,
          'aria-label': `Remove ${f.name}`, onclick: () => this.remove(f.name) }, '×'));
      }
      this.#host.append(tab);
    });
    if (this.#current) this.#pressed(true);
  }

  #label(f) {
    if (!f.button) return;
    const n = f.marks.count;
    f.button.classList.toggle('has-errors', n > 0);
    f.button.dataset.errors = String(n);
    f.button.setAttribute('aria-label', n ? `${f.name}, ${n} error${n > 1 ? 's' : ''}` : f.name);
  }

  /** A new header starts with its include guard, as kernel headers do. */
  static #guard(name) {
    const macro = `_${name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
    return `#ifndef ${macro}\n#define ${macro}\n\n#endif /* ${macro} */\n`;
  }
}
