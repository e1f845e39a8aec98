/**
 * The catalog's badges as the server computes them (once per build, kept across restarts): the page shows what was
 * known when it was served; this asks for the rest every few seconds until the server has them all, and fills each
 * card in as its badge arrives — the script's verdict ("has a bug" or "fixed"), and a declared race search's three
 * answers that never look alike: a race found, no crash in the whole bounded space, or a search that could not
 * finish (never a tick). Text only, never HTML.
 */
export class CatalogBadges {
  static POLL_MILLIS = 2000;

  #root;

  constructor(root) {
    this.#root = root;
  }

  async start() {
    for (const badge of this.#root.querySelectorAll('li.scenario .badge.race')) badge.setAttribute('aria-busy', 'true');
    for (;;) {
      let done = true;
      try {
        const response = await fetch('/catalog/badges', { headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        const body = await response.json();
        this.#apply(body.scenarios);
        done = body.done;
      } catch (e) {
        return; // the badges keep saying what is searched; nothing else to do without a server
      }
      if (done) {
        // what the server could not compute keeps its plain text
        for (const badge of this.#root.querySelectorAll('li.scenario [aria-busy]')) badge.removeAttribute('aria-busy');
        return;
      }
      if (!this.#root.querySelector('li.scenario [aria-busy]')) return;
      await new Promise((resolve) => setTimeout(resolve, CatalogBadges.POLL_MILLIS));
    }
  }

  #apply(scenarios) {
    for (const card of this.#root.querySelectorAll('li.scenario[data-scenario]')) {
      const known = scenarios[card.dataset.scenario];
      if (!known) continue;
      const pending = card.querySelector('.badge.pending');
      if (pending && known.script !== 'pending') this.#showScript(pending, known.script);
      const race = card.querySelector('.badge.race[aria-busy]');
      if (race && known.race) this.#showRace(race, known.race);
    }
  }

  #showScript(badge, verdict) {
    if (verdict === 'buggy' || verdict === 'fixed') {
      badge.classList.replace('pending', verdict);
      badge.textContent = verdict === 'buggy' ? '✗ has a bug' : '✓ fixed';
      badge.removeAttribute('aria-busy');
    } else {
      badge.remove();
    }
  }

  #showRace(badge, result) {
    switch (result.verdict) {
      case 'race-found':
        badge.textContent = `✖ race found in ${result.steps} steps: ${result.report.kind}`;
        badge.title = result.report.title;
        break;
      case 'no-crash':
        badge.textContent = `✓ no crash in any schedule (${result.states} states, depth ${result.depth})`;
        badge.title = `${result.schedules} schedules explored: the whole bounded space`;
        break;
      default:
        badge.textContent = `? search incomplete (${result.states} states)`;
        badge.title = result.incompleteBecause ?? 'the search did not cover its space';
    }
    badge.classList.add(`race-${result.verdict}`);
    badge.removeAttribute('aria-busy');
  }
}
