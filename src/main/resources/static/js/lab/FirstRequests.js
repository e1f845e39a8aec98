import { Api } from '../api/Api.js';

/**
 * The lab's first requests (the script vocabulary, the session this page creates, then its scenario), sent as soon as this
 * module runs. The page loads it `async` at the start of its body (its imports preloaded first), so it runs without
 * waiting for d3 or the rest of the page's modules: the requests travel while those load, and the first draw waits for the slower of the two
 * instead of their sum. LabPage takes the answers from here (one module instance per page); each request is sent
 * once, and a failed one is reported by whoever awaits it.
 */
export class FirstRequests {
  static #api = new Api();
  static #vocabulary = null;
  static #created;
  static #scenario;

  /** GET /api/script/commands. */
  static vocabulary() {
    FirstRequests.#vocabulary ??= FirstRequests.#quiet(FirstRequests.#api.scriptCommands());
    return FirstRequests.#vocabulary;
  }

  /**
   * The session this page was opened to create: for a scenario, a share, or a #z= link (POST /api/sessions); null
   * when the page joins a session or opens a blank editor.
   */
  static created() {
    if (FirstRequests.#created === undefined) {
      const ds = document.body.dataset;
      const request = ds.mode === 'scenario' ? { scenario: ds.scenario }
        : ds.mode === 'share' ? { share: ds.share }
          : ds.mode !== 'session' && location.hash.startsWith('#z=') ? { z: location.hash.slice(3) } : null;
      FirstRequests.#created = request ? FirstRequests.#quiet(FirstRequests.#api.createSession(request)) : null;
    }
    return FirstRequests.#created;
  }

  /** The created session's scenario (GET /api/sessions/{id}/scenario), asked for as soon as it exists; or null. */
  static scenario() {
    if (FirstRequests.#scenario === undefined) {
      const created = FirstRequests.created();
      FirstRequests.#scenario = created
        ? FirstRequests.#quiet(created.then((c) => FirstRequests.#api.sessionScenario(c.id))) : null;
    }
    return FirstRequests.#scenario;
  }

  static #quiet(promise) {
    promise.catch(() => {}); // not unhandled: the awaiting caller reports it
    return promise;
  }
}

FirstRequests.vocabulary();
FirstRequests.scenario();
