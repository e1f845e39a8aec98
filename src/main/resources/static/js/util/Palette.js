/**
 * Colours for contexts: by kind (process, hardirq, softirq, kworker, kthread, rcu), from the Okabe-Ito palette,
 * which stays distinguishable with the common colour-vision deficiencies. Every use also shows the context's name
 * or kind letter, so colour is never the only cue.
 */
export class Palette {
  static #byKind = {
    process: '#0072b2',
    hardirq: '#d55e00',
    softirq: '#e69f00',
    kworker: '#009e73',
    kthread: '#56b4e9',
    rcu: '#cc79a7',
  };

  static #letters = { process: 'P', hardirq: 'H', softirq: 'S', kworker: 'W', kthread: 'T', rcu: 'R' };

  /** The kind of a context, from the state when it is alive, else from its name (irq17, softirq1, kworker/0). */
  static kindOf(name, known) {
    if (name.startsWith('kworker')) return 'kworker';
    if (known) return Palette.#normal(known);
    if (/^irq\d+$/.test(name)) return 'hardirq';
    if (/^softirq\d+$/.test(name)) return 'softirq';
    if (name.startsWith('kworker')) return 'kworker';
    if (name.startsWith('rcu')) return 'rcu';
    return 'process';
  }

  static #normal(kind) {
    const k = String(kind).toLowerCase();
    if (k.includes('hardirq') || k === 'irq') return 'hardirq';
    if (k.includes('softirq')) return 'softirq';
    if (k.includes('kworker') || k.includes('work')) return 'kworker';
    if (k.includes('kthread') || k.includes('thread')) return 'kthread';
    if (k.includes('rcu')) return 'rcu';
    return 'process';
  }

  static colour(kind) {
    return Palette.#byKind[kind] ?? Palette.#byKind.process;
  }

  static letter(kind) {
    return Palette.#letters[kind] ?? 'P';
  }

  /** Dark text on the light fills (orange, sky blue), white on the others. */
  static darkText(kind) {
    return kind === 'softirq' || kind === 'kthread';
  }
}
