/**
 * Makes a session topic's compact frames whole again (dev.driverlab.web.push.PushMessage, PushCodec): events from
 * columns and an interned string table back to objects, and each state delta (a JSON merge patch, RFC 7386, with
 * arrays patched element by element) applied
 * to the state it holds. A delta that does not follow on from the version held (a missed frame, the first frame
 * after loading) makes it fetch the state over REST with its version and go on from there. Frames go in one at a
 * time, in order (decode() is awaited before the next).
 */
export class PushDecoder {
  #session = null;
  #version = null;
  #state = null;
  #fetchState;

  /** `fetchState(session)` resolves to `{ version, state }`: GET /api/sessions/{id}'s state and its version. */
  constructor(fetchState) {
    this.#fetchState = fetchState;
  }

  /**
   * The frame as a whole one: `events` as objects, `state` the whole state (as before deltas). A state frame may
   * carry its batch's (last) events too: then it has both.
   */
  async decode(frame) {
    let whole = frame;
    if (frame.columns) {
      const { columns, strings, interned, ...rest } = whole;
      whole = { ...rest, events: PushDecoder.rows(frame) };
    }
    if (frame.version !== undefined) {
      const { patch, base, ...rest } = whole;
      whole = { ...rest, state: await this.#follow(frame) };
    }
    return whole;
  }

  /** Events from a columnar frame: one array per field, the `interned` ones indexes into `strings`. */
  static rows({ columns, strings, interned }) {
    const text = new Set(interned);
    const rows = [];
    for (const [field, column] of Object.entries(columns)) {
      const isText = text.has(field);
      for (let i = 0; i < column.length; i++) {
        if (rows.length <= i) rows.push({});
        const v = column[i];
        if (v !== null) rows[i][field] = isText ? strings[v] : v;
      }
    }
    return rows;
  }

  /**
   * Applies a state delta as a new value (`target` is left as it was): RFC 7386 MergePatch, except that a patch
   * with a "[]" member patches an array element by element: "[]" its new length, "i" the patch of element i.
   */
  static mergePatch(target, patch) {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
    if ('[]' in patch && Array.isArray(target)) {
      const result = [];
      for (let i = 0; i < patch['[]']; i++) {
        const p = patch[i];
        result.push(p === undefined ? target[i] : PushDecoder.mergePatch(target[i] ?? null, p));
      }
      return result;
    }
    const result = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete result[k];
      else result[k] = PushDecoder.mergePatch(result[k], v);
    }
    return result;
  }

  async #follow(frame) {
    if (frame.session !== this.#session) {
      this.#session = frame.session;
      this.#version = null;
      this.#state = null;
    }
    if (frame.state !== undefined) {
      this.#hold(frame.version, frame.state);
    } else if (this.#version !== null && frame.base === this.#version) {
      this.#hold(frame.version, PushDecoder.mergePatch(this.#state, frame.patch));
    } else if (!this.#olderThanHeld(frame.version)) {
      const { version, state } = await this.#fetchState(frame.session);
      this.#hold(version, state);
    }
    return this.#state;
  }

  #hold(version, state) {
    this.#version = version;
    this.#state = state;
  }

  /** A version ("incarnation-count") before the one held: a frame that a fetch overtook. */
  #olderThanHeld(version) {
    if (this.#version === null) return false;
    const [a, n] = PushDecoder.#split(version);
    const [b, m] = PushDecoder.#split(this.#version);
    return a === b && n <= m;
  }

  static #split(version) {
    const i = version.lastIndexOf('-');
    return [version.slice(0, i), Number(version.slice(i + 1))];
  }
}
