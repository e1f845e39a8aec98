import { Owners } from '../lab/Owners.js';
import { el, machineView } from './RoomApi.js';

/**
 * A lesson alone: each step's text, then its command on Next; a step with a question asks it first (choices read
 * off the session now, or the lesson's own), and Next reveals what really happened. Back rewinds the session to
 * where the previous step started.
 */
class LessonPage {
  constructor() {
    this.scenario = document.body.dataset.id;
    this.root = document.getElementById('workshop');
    this.index = 0;
    this.starts = [];
    this.dmesg = [];
    this.answers = new Map();
  }

  async #json(method, path, body, headers = {}) {
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.detail ?? `HTTP ${r.status}`);
    return data;
  }

  async start() {
    this.lesson = await this.#json('GET', `/api/lessons/${this.scenario}`);
    const s = await this.#json('POST', '/api/sessions', { scenario: this.scenario });
    this.session = s.id;
    // the session is this page's: its owner capability lets Back rewind it (and the lab, opened from here, too)
    Owners.remember(s.id, s.owner);
    this.state = s.state;
    await this.#render();
  }

  async #render() {
    const step = this.lesson.steps[this.index];
    const done = this.index >= this.lesson.steps.length;
    const back = el('button', { type: 'button', id: 'lesson-back', disabled: this.index === 0,
      on: { click: () => this.#back() } }, 'Back');
    const next = el('button', { type: 'button', id: 'lesson-next', class: 'primary', disabled: done,
      on: { click: () => this.#next() } }, 'Next');
    const parts = [el('p', { class: 'progress' }, done ? 'The end of the lesson.'
      : `Step ${this.index + 1} of ${this.lesson.steps.length}`)];
    if (!done) {
      if (step.text) parts.push(el('p', { class: 'lesson-text', id: 'lesson-text' }, step.text));
      if (step.command) parts.push(el('p', {}, 'Next command: ', el('code', { id: 'lesson-command' }, step.command)));
      if (step.question && !this.answers.has(this.index)) {
        next.disabled = true;
        parts.push(await this.#question(step.question, next));
      }
    }
    const reveal = this.revealed ? el('p', { class: 'reveal', id: 'lesson-reveal', role: 'status' }, this.revealed) : null;
    this.root.replaceChildren(el('section', { class: 'lesson-step', 'aria-live': 'polite' }, ...parts,
      el('p', {}, back, ' ', next), reveal),
    el('section', {}, el('h2', {}, 'The session'), machineView(this.state, this.dmesg),
      el('p', {}, el('a', { href: `/sessions/${this.session}`, id: 'open-lab' }, 'Open this session in the lab'))));
    document.body.dataset.index = String(this.index);
  }

  async #question(q, next) {
    const choices = q.choices?.length ? q.choices
      : (q.kind === 'text' || q.kind === 'dmesg' ? []
        : await this.#json('GET', `/api/sessions/${this.session}/choices?kind=${q.kind}`));
    let input;
    const form = el('form', { class: 'ask', id: 'lesson-question', on: { submit: (ev) => {
      ev.preventDefault();
      const v = input ? input.value : form.querySelector('input[name=answer]:checked')?.value;
      if (!v) return;
      this.answers.set(this.index, v);
      next.disabled = false;
      form.querySelectorAll('input,button').forEach((i) => { i.disabled = true; });
      next.focus();
    } } }, choices.length
      ? el('fieldset', {}, el('legend', {}, q.prompt ?? 'What happens next?'), choices.map((c, i) => el('label',
        { class: 'choice' }, el('input', { type: 'radio', name: 'answer', value: c, id: `lesson-choice-${i}` }), ` ${c}`)))
      : el('div', {}, el('label', { for: 'lesson-answer' }, q.prompt ?? 'What happens next?'),
        input = el('input', { id: 'lesson-answer', maxlength: 200 })),
    el('button', { type: 'submit', id: 'lesson-answer-submit' }, 'Predict'));
    return form;
  }

  async #next() {
    const step = this.lesson.steps[this.index];
    this.revealed = null;
    this.starts[this.index] = this.state.steps;
    if (step.command) {
      const r = await this.#json('POST', `/api/sessions/${this.session}/commands`, { commands: [step.command] });
      this.state = r.state ?? this.state;
      this.dmesg.push(...(r.dmesg ?? []));
      const predicted = this.answers.get(this.index);
      if (predicted !== undefined) {
        const ran = (this.state.machine?.contexts ?? []).map((c) => `${c.name} (${c.status})`).join(', ');
        const printed = (r.dmesg ?? []).slice(0, 2).join(' / ');
        this.revealed = `You predicted "${predicted}". Now: ${ran || 'no context left'}${printed ? `; dmesg: ${printed}` : ''}.`;
      }
    }
    this.index++;
    await this.#render();
  }

  async #back() {
    this.index--;
    this.revealed = null;
    const r = await this.#json('POST', `/api/sessions/${this.session}/rewind`, { step: this.starts[this.index] },
      { 'X-Session-Owner': Owners.token(this.session) ?? '' });
    this.state = r.state;
    await this.#render();
  }
}

new LessonPage().start().catch((e) => {
  document.getElementById('workshop-status').textContent = e.message;
});
