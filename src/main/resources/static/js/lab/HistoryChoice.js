import { Dom } from '../util/Dom.js';

/**
 * Asks before any history is dropped: going on from a past step, or back to where a script still matched, either
 * forks a copy of the session from there (the default: nothing is lost, the page switches to the copy) or rewinds
 * this session for everyone watching it (only its owner may; anyone else sees why not).
 */
export class HistoryChoice {
  #dialog = Dom.$('history-dialog');
  #resolve = null;

  constructor() {
    this.#dialog.addEventListener('close', () => {
      const value = this.#dialog.returnValue;
      const resolve = this.#resolve;
      this.#resolve = null;
      resolve?.(value === 'fork' || value === 'rewind' ? value : null);
    });
  }

  /**
   * `step`: where to go on from; `dropped`: what a rewind would drop (words); `owner`: may this page rewind.
   * Resolves to 'fork', 'rewind' or null (cancelled).
   */
  ask({ step, dropped, owner, title }) {
    Dom.$('history-title').textContent = title ?? `Go on from step ${step}?`;
    Dom.$('history-text').textContent = `Later in this session: ${dropped}. A fork keeps them here and goes on in `
      + 'your own copy; a rewind drops them for everyone watching this session.';
    const rewind = Dom.$('history-rewind');
    rewind.disabled = !owner;
    const why = owner ? '' : 'Only the browser that started this session can rewind it: fork a copy instead.';
    rewind.title = owner ? `Drop everything after step ${step} (you can undo it)` : why;
    Dom.$('history-why').textContent = why;
    this.#dialog.returnValue = '';
    this.#dialog.showModal();
    Dom.$('history-fork').focus();
    return new Promise((resolve) => { this.#resolve = resolve; });
  }
}
