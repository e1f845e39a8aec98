import { CodeEditor } from '../editor/CodeEditor.js';
import { DiagnosticMarks } from '../editor/DiagnosticMarks.js';
import { KernelCompletion } from '../editor/KernelCompletion.js';
import { SourceTabs } from '../editor/SourceTabs.js';
import { Debouncer } from '../util/Debouncer.js';
import { Dom } from '../util/Dom.js';
import { ScenarioYaml } from '../views/ScenarioYaml.js';

/**
 * Editing the scenario in place: the module's source files (a tab each) and the rest of the file (world, scripts,
 * lesson) as YAML. While typing, a debounced compile check (POST /api/validate) puts the compiler's diagnostics in
 * the files they name; "Run" starts a new session on the edited scenario.
 */
export class EditorPanel {
  #page;
  #source;
  #yaml;
  #yamlMarks;
  #tabs;
  #check = new Debouncer(450);
  #token = 0;
  #status = Dom.$('edit-status');
  #errorBox = Dom.$('edit-error');

  constructor(page) {
    this.#page = page;
    const changed = () => {
      this.#status.textContent = 'checking…';
      this.#check.run(() => this.validate());
    };
    const completion = new KernelCompletion(() => page.api.kernelApi());
    this.#source = new CodeEditor(Dom.$('editor-source'), { mode: CodeEditor.C, label: 'Driver source (C)',
      onInput: changed, completion });
    this.#yaml = new CodeEditor(Dom.$('editor-yaml'), { mode: CodeEditor.YAML,
      label: 'Scenario: world, scripts, lesson (YAML)', onInput: changed });
    this.#yamlMarks = new DiagnosticMarks(this.#yaml.doc);
    this.#tabs = new SourceTabs(Dom.$('edit-files'), this.#source, {
      onSelect: () => this.#show('source'),
      onChange: changed,
    });
    Dom.$('edit-yaml-tab').addEventListener('click', () => this.#show('yaml'));
    Dom.$('edit-run').addEventListener('click', () => this.#run());
    Dom.$('edit-add-file').addEventListener('click', () => this.#addFileForm(true));
    Dom.$('edit-add-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.#addFile();
    });
    Dom.$('edit-add-form').addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.#addFileForm(false);
    });
    Dom.$('tab-edit').addEventListener('click', () => {
      this.#source.refresh();
      this.#yaml.refresh();
      completion.entries(); // fetched while the user reads the code, ready when they type
    });
  }

  setScenario(scenario) {
    this.#tabs.set(ScenarioYaml.files(scenario));
    this.#yaml.value = ScenarioYaml.settings(scenario);
    this.#showError(null);
  }

  /** "New scenario": a small platform driver to start from, the editor open. */
  startBlank() {
    this.#tabs.set([['my_module.c', ScenarioYaml.blankSource()]]);
    this.#yaml.value = ScenarioYaml.blankSettings();
    Dom.$('tab-edit').click();
    this.#status.textContent = 'write a driver, then Run';
    Dom.$('session-status').textContent = 'no session yet: edit, then Run';
    document.body.dataset.ready = 'blank';
  }

  #show(which) {
    Dom.$('editor-source').hidden = which !== 'source';
    Dom.$('editor-yaml').hidden = which !== 'yaml';
    Dom.$('edit-yaml-tab').setAttribute('aria-pressed', String(which === 'yaml'));
    if (which === 'yaml') this.#tabs.deselect();
    (which === 'yaml' ? this.#yaml : this.#source).refresh();
  }

  #addFileForm(open) {
    const form = Dom.$('edit-add-form');
    form.hidden = !open;
    Dom.$('edit-add-file').setAttribute('aria-expanded', String(open));
    if (open) Dom.$('edit-add-name').focus();
    else Dom.$('edit-add-file').focus();
  }

  #addFile() {
    const input = Dom.$('edit-add-name');
    const why = this.#tabs.add(input.value.trim());
    input.setCustomValidity(why ?? '');
    if (why) {
      input.reportValidity();
      return;
    }
    input.value = '';
    Dom.$('edit-add-form').hidden = true;
    Dom.$('edit-add-file').setAttribute('aria-expanded', 'false');
    this.#source.focus();
  }

  #assembled() {
    return ScenarioYaml.assemble(this.#yaml.value, this.#tabs.files);
  }

  /**
   * Compiles the edited scenario; resolves true when it is fine. A newer check makes an older answer moot. The
   * check while typing only marks the errors (tabs count them): it never moves the user to another file or panel,
   * since the answer may come after they have moved on; `reveal` (Run) shows the first error's file.
   */
  async validate({ reveal = false } = {}) {
    const token = ++this.#token;
    try {
      await this.#page.api.validate({ yaml: this.#assembled() });
      if (token !== this.#token) return false;
      this.#showError(null);
      this.#status.textContent = '✓ compiles';
      return true;
    } catch (e) {
      if (token !== this.#token) return false;
      this.#showError(e, reveal);
      const where = e.line ? ` at ${e.file && e.code === 'compile-error' ? `${e.file}:` : 'line '}${e.line}`
        + `${e.col ? `:${e.col}` : ''}` : '';
      const n = e.diagnostics.length;
      this.#status.textContent = `✗ ${n > 1 ? `${n} errors, the first` : 'error'}${where}`;
      return false;
    }
  }

  #showError(e, reveal) {
    this.#tabs.clearDiagnostics();
    this.#yamlMarks.clear(this.#yaml.cm);
    this.#errorBox.hidden = !e;
    this.#errorBox.textContent = e ? e.fullMessage : '';
    if (!e || !e.line) return;
    if (e.code === 'compile-error') {
      // each diagnostic in the file it names; a problem without the list is the first one
      const list = e.diagnostics.length ? e.diagnostics : [{ file: e.file, line: e.line, col: e.col,
        message: e.message.replace(/^.*?error: /, '') }];
      this.#tabs.showDiagnostics(list, { reveal });
      if (reveal) this.#show('source');
    } else {
      this.#yamlMarks.show([{ line: e.line, col: e.col, message: e.message.replace(/^.*?error: /, '') }],
        this.#yaml.cm);
      if (reveal) this.#show('yaml');
    }
  }

  async #run() {
    if (!(await this.validate({ reveal: true }))) return;
    try {
      const created = await this.#page.api.createSession({ yaml: this.#assembled() });
      await this.#page.switchTo(created.id);
      Dom.$('tab-code').click();
    } catch (e) {
      this.#showError(e, true);
    }
  }
}
