import { Debouncer } from '../util/Debouncer.js';
import { Dom } from '../util/Dom.js';
import { Editor } from '../views/Editor.js';
import { ScenarioYaml } from '../views/ScenarioYaml.js';

/**
 * Editing the scenario in place: the driver source and the rest of the file (world, scripts, lesson) in two
 * editors. While typing, a debounced compile check (POST /api/validate) puts a parse error at its line and column;
 * "Run" starts a new session on the edited scenario.
 */
export class EditorPanel {
  #page;
  #source;
  #yaml;
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
    this.#source = new Editor(Dom.$('editor-source'), { language: 'c', label: 'Driver source (C)', onInput: changed });
    this.#yaml = new Editor(Dom.$('editor-yaml'), { language: 'yaml', label: 'Scenario: world, scripts, lesson (YAML)',
      onInput: changed });
    Dom.$('edit-source-tab').addEventListener('click', () => this.#show('source'));
    Dom.$('edit-yaml-tab').addEventListener('click', () => this.#show('yaml'));
    Dom.$('edit-run').addEventListener('click', () => this.#run());
  }

  setScenario(scenario) {
    this.#source.value = scenario.source;
    this.#yaml.value = ScenarioYaml.settings(scenario);
    this.#showError(null);
  }

  /** "New scenario": a small platform driver to start from, the editor open. */
  startBlank() {
    this.#source.value = ScenarioYaml.blankSource();
    this.#yaml.value = ScenarioYaml.blankSettings();
    Dom.$('tab-edit').click();
    this.#status.textContent = 'write a driver, then Run';
    Dom.$('session-status').textContent = 'no session yet: edit, then Run';
    document.body.dataset.ready = 'blank';
  }

  #show(which) {
    Dom.$('editor-source').hidden = which !== 'source';
    Dom.$('editor-yaml').hidden = which !== 'yaml';
    Dom.$('edit-source-tab').setAttribute('aria-pressed', String(which === 'source'));
    Dom.$('edit-yaml-tab').setAttribute('aria-pressed', String(which === 'yaml'));
  }

  #assembled() {
    return ScenarioYaml.assemble(this.#yaml.value, this.#source.value);
  }

  /** Compiles the edited scenario; resolves true when it is fine. A newer check makes an older answer moot. */
  async validate() {
    const token = ++this.#token;
    try {
      await this.#page.api.validate({ yaml: this.#assembled() });
      if (token !== this.#token) return false;
      this.#showError(null);
      this.#status.textContent = '✓ compiles';
      return true;
    } catch (e) {
      if (token !== this.#token) return false;
      this.#showError(e);
      this.#status.textContent = e.line ? `✗ error at line ${e.line}${e.col ? `:${e.col}` : ''}` : '✗ error';
      return false;
    }
  }

  #showError(e) {
    this.#source.setError(null);
    this.#yaml.setError(null);
    this.#errorBox.hidden = !e;
    this.#errorBox.textContent = e ? e.fullMessage : '';
    if (!e || !e.line) return;
    const message = e.diagnostics[0]?.message ?? e.message.replace(/^.*?error: /, '');
    // Compile errors name the driver's .c file; anything else is about the YAML part.
    const inSource = e.code === 'compile-error';
    const target = inSource ? this.#source : this.#yaml;
    target.setError({ line: e.line, col: e.col ?? 1, message });
    this.#show(inSource ? 'source' : 'yaml');
  }

  async #run() {
    if (!(await this.validate())) return;
    try {
      const created = await this.#page.api.createSession({ yaml: this.#assembled() });
      await this.#page.switchTo(created.id);
      Dom.$('tab-code').click();
    } catch (e) {
      this.#showError(e);
    }
  }
}
