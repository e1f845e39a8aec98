import { Dom } from '../util/Dom.js';
import { RaceMoment } from '../views/RaceMoment.js';

/**
 * "Find the race": a job id from the server (only this connection may follow it), then POST /api/explore with
 * the scenario's declared events (editable), progress from the job's topic with states per second, and a found
 * schedule loaded as a new session to step through.
 */
export class RaceDialog {
  #page;
  #dialog = Dom.$('race-dialog');
  #job = null;
  #script = null;
  #foundMoments = [];
  #unsubscribe = () => {};
  #started = 0;

  constructor(page) {
    this.#page = page;
    Dom.$('race-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.#search();
    });
    Dom.$('race-cancel').addEventListener('click', () => this.#cancel());
    Dom.$('race-load').addEventListener('click', () => this.#load());
  }

  /** The scenario's search (declared, or derived by the server from its script: every world-changing command). */
  setScenario(scenario) {
    const search = scenario.search ?? scenario.explore ?? { events: [], depth: 400 };
    Dom.$('race-events').value = (search.events ?? []).join('; ');
    Dom.$('race-depth').value = String(search.depth || 400);
  }

  open() {
    Dom.$('race-status').textContent = '';
    Dom.$('race-result').hidden = true;
    Dom.$('race-load').hidden = true;
    Dom.$('race-progress').hidden = true;
    this.#dialog.showModal();
  }

  async #search() {
    const m = this.#page.model;
    const events = Dom.$('race-events').value.split(';').map((s) => s.trim()).filter(Boolean);
    this.#started = performance.now();
    Dom.$('race-progress').hidden = false;
    Dom.$('race-progress').removeAttribute('value');
    Dom.$('race-start').disabled = true;
    Dom.$('race-result').hidden = true;
    Dom.$('race-load').hidden = true;
    Dom.$('race-status').textContent = 'searching…';
    this.#foundMoments = [];
    try {
      const job = await this.#page.api.exploreJob();
      this.#job = job.jobId;
      this.#unsubscribe = this.#page.channel.subscribe(job.topic, (p) => this.#progress(p));
      const result = await this.#page.api.explore({ ...m.spec, events, depth: Number(Dom.$('race-depth').value),
        jobId: this.#job });
      this.#show(result);
    } catch (e) {
      Dom.$('race-status').textContent = `✗ ${e.message}`;
    } finally {
      this.#unsubscribe();
      this.#unsubscribe = () => {};
      this.#job = null;
      Dom.$('race-start').disabled = false;
      Dom.$('race-progress').hidden = true;
    }
  }

  /** The moments the report ties together (allocation, free, use...), each with the context and line it ran at. */
  static #moments(moments) {
    if (!moments.length) return '';
    return ' ' + moments.map((m) => `${m.kind} in ${RaceMoment.where(m)} (${m.context})`)
      .join(' → ') + '.';
  }

  #progress(p) {
    const seconds = Math.max(0.001, (performance.now() - this.#started) / 1000);
    Dom.$('race-status').textContent = `${p.states.toLocaleString()} states, ${p.schedules.toLocaleString()} `
      + `schedules, depth ${p.depth} (${Math.round(p.states / seconds).toLocaleString()} states/s)`;
  }

  #show(r) {
    const rate = r.millis > 0 ? ` (${Math.round(r.states / (r.millis / 1000)).toLocaleString()} states/s)` : '';
    const status = Dom.$('race-status');
    status.dataset.verdict = r.verdict;
    if (r.verdict === 'race-found') {
      this.#script = r.script;
      this.#foundMoments = r.moments ?? [];
      status.textContent = `✖ race found: ${r.report?.title ?? 'a crash'} after ${r.steps} steps; `
        + `${r.states.toLocaleString()} states searched in ${r.millis} ms${rate}.`
        + RaceDialog.#moments(r.moments ?? []);
      Dom.$('race-result').textContent = r.script.join('\n');
      Dom.$('race-result').hidden = false;
      Dom.$('race-load').hidden = false;
      Dom.$('race-load').focus();
    } else if (r.verdict === 'no-crash') {
      status.textContent = `✓ no crash in the whole bounded space: ${r.schedules.toLocaleString()} schedules, `
        + `${r.states.toLocaleString()} states, depth ${r.depth}${rate}.`;
    } else {
      status.textContent = `? search incomplete: ${r.incompleteBecause}. Nothing is proven about the schedules `
        + `not reached (${r.states.toLocaleString()} states, depth ${r.depth}).`;
    }
  }


  /**
   * The found schedule as a new session: create it, then apply the script, then show it with the race's moments
   * (their seqs and steps are the new session's) highlighted on the timeline and in the driver's source.
   */
  async #load() {
    const api = this.#page.api;
    try {
      const created = await api.createSession({ ...this.#page.model.spec });
      await api.commands(created.id, this.#script);
      this.#dialog.close();
      await this.#page.switchTo(created.id);
      this.#page.highlightRace(this.#foundMoments);
    } catch (e) {
      Dom.$('race-status').textContent = `✗ ${e.message}`;
    }
  }

  async #cancel() {
    if (this.#job) await this.#page.api.cancelExplore(this.#job);
    else this.#dialog.close();
  }
}
