import { Dom } from '../util/Dom.js';

/**
 * "Share": a short stored link (copied to the clipboard), the same as a self-contained #z= link, the Perfetto
 * trace download, and the address of the live session itself for watchers. Links open at the step shown.
 */
export class ShareDialog {
  #page;
  #dialog = Dom.$('share-dialog');

  constructor(page) {
    this.#page = page;
    Dom.$('share').addEventListener('click', () => this.open());
    for (const id of ['share-url', 'share-z']) {
      Dom.$(id).addEventListener('focus', (e) => e.target.select());
    }
  }

  async open() {
    const m = this.#page.model;
    if (!m.id) return;
    const step = m.atHead ? null : m.cursor;
    Dom.$('share-url').value = 'creating…';
    Dom.$('share-z').value = '';
    Dom.$('share-trace').href = this.#page.api.traceDownloadUrl(m.id);
    Dom.$('share-trace').setAttribute('download', `driverlab-${m.scenario.id}.json`);
    Dom.$('share-watch').href = `/sessions/${m.id}`;
    this.#dialog.showModal();
    try {
      const [share, link] = await Promise.all([this.#page.api.share(m.id, step), this.#page.api.link(m.id, step)]);
      // Links are relative unless the server has a configured public address: resolve them against this page's.
      const url = new URL(share.url, location.href).href;
      Dom.$('share-url').value = url;
      Dom.$('share-z').value = new URL(link.url, location.href).href;
      await navigator.clipboard?.writeText(url).catch(() => {});
      Dom.$('share-title').textContent = 'Share this session (link copied)';
    } catch (e) {
      Dom.$('share-url').value = e.message;
    }
  }
}
