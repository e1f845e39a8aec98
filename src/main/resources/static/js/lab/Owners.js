/**
 * The owner capabilities this browser holds: the server hands one out with every session it creates here, and asks
 * for it before anything that changes the session's history for everyone watching (rewind, undo a rewind).
 */
export class Owners {
  static #key(id) { return `driverlab.owner.${id}`; }

  static remember(id, token) {
    if (!token) return;
    try {
      localStorage.setItem(Owners.#key(id), token);
    } catch {
      // storage refused (private mode, quota): this tab still works, without rewinding after a reload
      Owners.#memory.set(id, token);
    }
  }

  static #memory = new Map();

  static token(id) {
    try {
      return localStorage.getItem(Owners.#key(id)) ?? Owners.#memory.get(id) ?? null;
    } catch {
      return Owners.#memory.get(id) ?? null;
    }
  }

  static owns(id) { return Owners.token(id) !== null; }
}
