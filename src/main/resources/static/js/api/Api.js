import { ApiError } from './ApiError.js';

/** The REST API the lab uses, one method per endpoint; every error is an ApiError. */
export class Api {
  async #request(method, path, body, headers = {}) {
    const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, { detail: `the server cannot be reached (${e.message})` });
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { detail: text };
    }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  scenario(id) { return this.#request('GET', `/api/scenarios/${encodeURIComponent(id)}`); }

  /** The script language's commands (see ScriptVocabulary). */
  scriptCommands() { return this.#request('GET', '/api/script/commands'); }

  createSession(request) { return this.#request('POST', '/api/sessions', request); }

  session(id) { return this.#request('GET', `/api/sessions/${id}`); }

  sessionScenario(id) { return this.#request('GET', `/api/sessions/${id}/scenario`); }

  commands(id, commands) { return this.#request('POST', `/api/sessions/${id}/commands`, { commands }); }

  /** Rewinds for everyone: only with the session's owner capability (see Owners). `keep`: at most that many commands. */
  rewind(id, step, owner, keep = null) {
    const body = keep === null ? { step } : { step, keep };
    return this.#request('POST', `/api/sessions/${id}/rewind`, body, Api.#owner(owner));
  }

  undoRewind(id, owner) {
    return this.#request('POST', `/api/sessions/${id}/rewind/undo`, undefined, Api.#owner(owner));
  }

  static #owner(token) { return token ? { 'X-Session-Owner': token } : {}; }

  /** The state and heap after `step`, without changing the session (null: now). */
  view(id, step) {
    return this.#request('GET', `/api/sessions/${id}/view${step === null ? '' : `?step=${step}`}`);
  }

  trace(id, from) { return this.#request('GET', `/api/sessions/${id}/trace?from=${from}`); }

  share(id, step) { return this.#request('POST', '/api/shares', { sessionId: id, step }); }

  link(id, step) { return this.#request('POST', '/api/links', { sessionId: id, step }); }

  /** What a driver can use: [{name, prototype, header, kind}] from the simulated kernel's headers. */
  kernelApi() { return this.#request('GET', '/api/kernel/api'); }

  validate(request) { return this.#request('POST', '/api/validate', request); }

  /** A job id for a search, and the topic its progress goes to (subscribe before starting it). */
  exploreJob() { return this.#request('POST', '/api/explore/jobs'); }

  explore(request) { return this.#request('POST', '/api/explore', request); }

  cancelExplore(jobId) { return this.#request('DELETE', `/api/explore/${jobId}`).catch(() => null); }

  traceDownloadUrl(id) { return `/api/sessions/${id}/trace?format=chrome`; }
}
