import { el } from './RoomApi.js';

/** An exercise: the task, the driver to edit, Submit, and the checklist the grader returns. */
export class ExercisePanel {
  constructor(api, id, member) {
    this.api = api;
    this.id = id;
    this.member = member;
    this.root = el('section', { class: 'exercise', 'aria-labelledby': 'exercise-title' });
  }

  async load() {
    const ex = await this.api.exercise(this.id);
    this.source = el('textarea', { id: 'exercise-source', class: 'source', rows: 24, spellcheck: 'false',
      'aria-label': 'Driver source' });
    this.source.value = ex.source;
    this.result = el('div', { id: 'exercise-result', class: 'result', role: 'status', 'aria-live': 'polite' });
    this.button = el('button', { type: 'button', id: 'exercise-submit', class: 'primary',
      on: { click: () => this.submit() } }, 'Submit for grading');
    this.root.replaceChildren(el('h2', { id: 'exercise-title' }, `Exercise: ${ex.title}`),
      el('p', { class: 'task' }, ex.task), this.source, el('p', {}, this.button), this.result);
    return this;
  }

  async submit() {
    this.button.disabled = true;
    this.result.replaceChildren(el('p', {}, 'Grading: compiling, running the scripts, searching the races…'));
    try {
      const g = await this.api.grade(this.id, this.source.value, this.member);
      const list = el('ul', { class: 'checks' }, g.checks.map((c) => el('li', { class: `check ${c.status}` },
        el('span', { class: 'mark', 'aria-hidden': 'true' }, c.status === 'pass' ? '✓' : c.status === 'warn' ? '!' : '✗'),
        ` ${c.label} — ${c.status}`, c.detail ? el('div', { class: 'detail' }, c.detail) : null,
        c.schedule ? el('details', {}, el('summary', {}, 'Shortest crashing schedule'),
          el('pre', {}, c.schedule.join('\n'))) : null)));
      const diags = (g.diagnostics ?? []).map((d) => `${d.file}:${d.line}:${d.col}: error: ${d.message}`);
      // replaceChildren would show a null as the text "null": only the parts there are.
      this.result.replaceChildren(...[
        el('p', { class: g.passed ? 'verdict passed' : 'verdict failed' },
          g.passed ? 'All checks pass: the fix is right.' : 'Not yet: some checks fail.'),
        diags.length ? el('pre', { class: 'diagnostics' }, diags.join('\n')) : null, list].filter(Boolean));
    } catch (e) {
      this.result.replaceChildren(el('p', { class: 'error' }, e.message));
    } finally {
      this.button.disabled = false;
    }
  }
}
