/**
 * The one ordered queue every update goes through (pushed frames, resyncs after a reconnect): each task runs after
 * the previous one has finished, even when it is asynchronous, so the page never sees updates out of order.
 */
export class UpdateQueue {
  #tail = Promise.resolve();
  #paused = true;
  #waiting = [];
  #onError;

  constructor(onError) {
    this.#onError = onError;
  }

  push(task) {
    if (this.#paused) {
      this.#waiting.push(task);
      return;
    }
    this.#tail = this.#tail.then(task).catch(this.#onError);
  }

  /** Tasks pushed before start() wait for it (the page loads the session first, then applies what came meanwhile). */
  start() {
    this.#paused = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    waiting.forEach((t) => this.push(t));
  }

  /** Resolves once every task pushed so far has run. */
  idle() {
    return this.#tail;
  }
}
