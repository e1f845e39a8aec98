/**
 * The catalog's race badges: for each scenario that declares a search, asks the server for its (cached) result,
 * one scenario at a time so a cold server is not flooded, and says "race found in N steps" or "no race within
 * bound" on the card. Text only, never HTML.
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
    if (result.found) {
      badge.textContent = `⚲ race found in ${result.steps} steps: ${result.report.kind}`;
      badge.classList.add('race-found');
    } else {
      const where = result.complete ? 'in any schedule' : 'within bounds';
      badge.textContent = `⚲ no race ${where} (${result.states} states)`;
      badge.classList.add('race-none');
    }
    badge.title = result.found ? result.report.title : `${result.schedules} schedules explored`;
  }
}
