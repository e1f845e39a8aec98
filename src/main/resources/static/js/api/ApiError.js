/** A problem+json answer (RFC 9457) as an Error: `detail` is the message; `line`/`col` point into the input. */
export class ApiError extends Error {
  #problem;

  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.#problem = { status, ...(problem ?? {}) };
  }

  get status() { return this.#problem.status; }

  get code() { return this.#problem.code; }

  /** The file a compile error is in (a module's file name), or the scenario part a scenario error is about. */
  get file() { return this.#problem.file; }

  get line() { return this.#problem.line; }

  get col() { return this.#problem.col; }

  /** The gcc-style text (with its caret excerpt) when the server gave one, else the detail. */
  get fullMessage() { return this.#problem.message ?? this.message; }

  get diagnostics() { return this.#problem.diagnostics ?? []; }
}
