/** Runs the last of a burst of calls once things have been quiet for `delay` ms. */
export class Debouncer {
  #delay;
  #timer = null;

  constructor(delay) {
    this.#delay = delay;
  }

  run(fn) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(fn, this.#delay);
  }

  cancel() {
    clearTimeout(this.#timer);
  }
}
