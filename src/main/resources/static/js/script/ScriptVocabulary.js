/**
 * The event-script language as the server defines it (GET /api/script/commands, generated from the Verb enum):
 * the page keeps no list of commands of its own. Loaded once per page, before anything is drawn.
 */
export class ScriptVocabulary {
  static #commands = [];

  static #events = new Set();

  /** Takes the vocabulary once from `answer` (the promise of GET /api/script/commands); later calls keep it. */
  static async load(answer) {
    if (ScriptVocabulary.#commands.length) return;
    const commands = await answer;
    ScriptVocabulary.#commands = commands;
    ScriptVocabulary.#events = new Set(commands.filter((c) => c.event).map((c) => c.verb));
  }

  /** Whether a script line's command changes the world (drawn as an injection, searched by "Find the race"). */
  static isEvent(line) {
    return ScriptVocabulary.#events.has((line ?? '').trim().split(/\s+/)[0]);
  }

  /** [{verb, usage, summary, group, event, forks}] in the server's order. */
  static commands() {
    return ScriptVocabulary.#commands;
  }
}
