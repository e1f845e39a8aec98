/**
 * The catalog's race badges: for each scenario that declares a search, asks the server for its (cached) result,
 * one scenario at a time so a cold server is not flooded, and shows its verdict on the card — three answers that
 * never look alike: a race found, no crash in the whole bounded space, or a search that could not finish (never a
 * tick). Text only, never HTML.
 */
export class RaceBadges {
  #root;

  constructor(root) {
    this.#root = root;
  }

  async start() {
    for (const card of this.#root.querySelectorAll('li.scenario[data-scenario]')) {
      const badge = card.querySelector('.badge.race');
      if (!badge) continue;
      badge.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(`/api/scenarios/${encodeURIComponent(card.dataset.scenario)}/explore`);
        if (response.ok) this.#show(badge, await response.json());
      } catch (e) {
        // the badge keeps saying which events are searched; nothing else to do without a server
      } finally {
        badge.removeAttribute('aria-busy');
      }
    }
  }

  #show(badge, result) {
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
  }
}
