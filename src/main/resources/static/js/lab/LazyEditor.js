import { Dom } from '../util/Dom.js';

/**
 * The editor, loaded when it is first wanted (the Edit tab, a blank lab): CodeMirror's styles and classic scripts
 * (their fingerprinted URLs are in the page's inert <template id="editor-scripts">), in order, then the EditorPanel
 * module, which reads CodeMirror off the page once it is there. Opening a scenario to watch it never pays for
 * an editor; the calls made before it is ready (the scenario to show) are kept and replayed.
 */
export class LazyEditor {
  #page;
  #panel = null;
  #loading = null;
  #scenario = null;
  #blank = false;

  constructor(page) {
    this.#page = page;
    Dom.$('tab-edit').addEventListener('click', () => this.load());
  }

  setScenario(scenario) {
    this.#scenario = scenario;
    this.#blank = false;
    this.#panel?.setScenario(scenario);
  }

  startBlank() {
    this.#blank = true;
    return this.load();
  }

  /** Resolves to the EditorPanel once it is loaded (loading it the first time). */
  load() {
    this.#loading ??= (async () => {
      const inert = Dom.$('editor-scripts').content;
      await Promise.all([...inert.querySelectorAll('link')].map((l) => LazyEditor.#style(l.getAttribute('href'))));
      for (const s of inert.querySelectorAll('script')) {
        await LazyEditor.#script(s.getAttribute('src'));
      }
      const { EditorPanel } = await import('./EditorPanel.js');
      const panel = new EditorPanel(this.#page);
      this.#panel = panel;
      if (this.#blank) panel.startBlank();
      else if (this.#scenario) panel.setScenario(this.#scenario);
      // the first click on the tab came before the panel listened to it: let it lay its editors out now
      if (Dom.$('tab-edit').getAttribute('aria-selected') === 'true') Dom.$('tab-edit').click();
      document.body.dataset.editor = 'ready';
      return panel;
    })();
    return this.#loading;
  }

  /** A stylesheet, before the page's own (which restyles CodeMirror), resolved once it applies. */
  static #style(href) {
    return new Promise((resolve, reject) => {
      const el = Dom.el('link', { rel: 'stylesheet', href });
      el.addEventListener('load', resolve);
      el.addEventListener('error', () => reject(new Error(`could not load the editor (${href})`)));
      document.head.insertBefore(el, document.head.querySelector('link[rel="stylesheet"]'));
    });
  }

  static #script(src) {
    return new Promise((resolve, reject) => {
      const el = Dom.el('script', { src });
      el.async = false;
      el.addEventListener('load', resolve);
      el.addEventListener('error', () => reject(new Error(`could not load the editor (${src})`)));
      document.head.append(el);
    });
  }
}
