import { SessionChannel } from '../push/SessionChannel.js';
import { RoomApi, el, goneNotice, goneReason, machineView, revealView } from './RoomApi.js';
import { ExercisePanel } from './ExercisePanel.js';

/**
 * A student's page in a room: join with a name, follow the presented session live (each step pushed on the room's
 * topic), answer the teacher's question, fork the session at the step shown to try it yourself, do the exercise.
 */
class StudentPage {
  constructor() {
    this.code = document.body.dataset.code;
    this.exercise = document.body.dataset.exercise || null;
    this.api = new RoomApi(this.code);
    this.root = document.getElementById('room');
    this.key = `driverlab.room.${this.code}`;
    this.me = JSON.parse(localStorage.getItem(this.key) ?? 'null');
    this.dmesg = [];
    this.answered = new Map();
  }

  async start() {
    this.me ? this.#enter() : this.#joinForm();
  }

  /**
   * The room is gone (closed by its teacher, or expired): nothing left to follow or answer. The exercise stays, so
   * work in progress is not lost, and grades without the room.
   */
  #gone(reason) {
    if (document.body.dataset.gone) return;
    this.channel?.stop();
    clearInterval(this.presenceTimer);
    localStorage.removeItem(this.key);
    const exercise = this.panel;
    if (exercise) exercise.member = null;
    this.root.replaceChildren(goneNotice(reason,
      exercise ? 'The exercise below still grades your fix; copy your driver if you want to keep it.' : null),
    ...(exercise ? [exercise.root] : []));
  }

  /** An API failure: the room may be gone; else the caller's own handling. */
  #failed(e) {
    const reason = goneReason(e);
    if (reason) this.#gone(reason);
    return reason;
  }

  #joinForm() {
    const name = el('input', { id: 'join-name', name: 'name', maxlength: 40, required: true, autocomplete: 'nickname' });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'join', on: { submit: async (ev) => {
      ev.preventDefault();
      try {
        this.me = await this.api.join(name.value);
        localStorage.setItem(this.key, JSON.stringify(this.me));
        this.#enter();
      } catch (e) {
        if (!this.#failed(e)) error.textContent = e.message;
      }
    } } }, el('label', { for: 'join-name' }, 'Your name'), name, el('button', { type: 'submit', class: 'primary' }, 'Join'),
    error);
    this.root.replaceChildren(el('h2', {}, 'Join the room'), form);
    name.focus();
  }

  async #enter() {
    this.presented = el('section', { class: 'presented', 'aria-labelledby': 'presented-title' });
    this.question = el('section', { class: 'question', id: 'question', 'aria-live': 'polite' });
    this.notice = el('p', { class: 'notice', id: 'notice', role: 'status' });
    this.forkButton = el('button', { type: 'button', id: 'fork', on: { click: () => this.#fork() } },
      'Fork: try it yourself from this step');
    this.root.replaceChildren(el('p', { class: 'me' }, `You are ${this.me.name}`), this.notice, this.question,
      el('section', { class: 'follow' }, el('h2', { id: 'presented-title' }, 'The presented session'), this.presented,
        this.forkButton));
    if (this.exercise) {
      this.panel = await new ExercisePanel(this.api, this.exercise, this.me).load();
      this.root.append(this.panel.root);
    }
    this.channel = new SessionChannel({
      onMessage: (m) => this.#onPush(m),
      onConnect: () => this.#refresh(),
      onStatus: (s) => { document.getElementById('push-status').textContent = s; },
    });
    this.channel.start(document.body.dataset.topic);
    this.#presence();
    this.presenceTimer = setInterval(() => this.#presence(), 15000);
  }

  #presence() {
    this.api.presence(this.me).catch((e) => this.#failed(e));
  }

  async #refresh() {
    try {
      const [room, state] = await Promise.all([this.api.room(), this.api.presented()]);
      this.#showState(state);
      this.#showQuestion(room.question);
    } catch (e) {
      if (!this.#failed(e)) throw e;
    }
  }

  #onPush(m) {
    if (m.type === 'step') {
      this.dmesg.push(...(m.dmesg ?? []));
      this.#showState(m.state);
      document.body.dataset.steps = m.steps;
      if (m.ran && this.shownQuestion && m.steps > this.shownQuestion.step && !this.revealed) {
        this.revealed = { steps: m.steps, ran: m.ran };
        this.#showQuestion(this.shownQuestion);
      }
    } else if (goneReason(m.type)) {
      this.#gone(goneReason(m.type));
    } else if (m.type === 'question') {
      this.api.room().then((r) => this.#showQuestion(r.question), (e) => this.#failed(e));
    } else if (m.type === 'recall') {
      this.notice.textContent = 'The teacher brought everyone back to the presented session.';
      this.api.presented().then((s) => this.#showState(s), (e) => this.#failed(e));
    }
  }

  #showState(state) {
    this.state = state;
    this.presented.replaceChildren(machineView(state, this.dmesg.length ? this.dmesg : state?.machine ? [] : []));
  }

  #showQuestion(q) {
    if (q?.id !== this.shownQuestion?.id) this.revealed = null;
    this.shownQuestion = q;
    if (!q) {
      this.question.replaceChildren();
      return;
    }
    const done = this.answered.has(q.id);
    const status = el('p', { class: 'answer-status', role: 'status' }, done ? 'Answer sent.' : '');
    const send = async (answer) => {
      try {
        await this.api.answer(this.me, q.id, answer);
        this.answered.set(q.id, answer);
        status.textContent = 'Answer sent.';
        form.querySelectorAll('input,button').forEach((i) => { i.disabled = true; });
      } catch (e) {
        if (!this.#failed(e)) status.textContent = e.message;
      }
    };
    let input;
    const fields = q.choices.length
      ? el('fieldset', {}, el('legend', {}, q.prompt), q.choices.map((c, i) => el('label', { class: 'choice' },
        el('input', { type: 'radio', name: 'answer', value: c, id: `choice-${i}`, disabled: done }), ` ${c}`)))
      : el('div', {}, el('label', { for: 'answer-text' }, q.prompt),
        input = el('input', { id: 'answer-text', maxlength: 200, disabled: done }));
    const form = el('form', { class: 'ask', on: { submit: (ev) => {
      ev.preventDefault();
      const v = input ? input.value : form.querySelector('input[name=answer]:checked')?.value;
      if (v) send(v);
    } } }, el('h2', {}, `Question at step ${q.step}`), fields,
    el('button', { type: 'submit', class: 'primary', disabled: done, id: 'answer-submit' }, 'Answer'), status,
    revealView(q, this.revealed, this.answered.get(q.id)));
    this.question.replaceChildren(form);
  }

  async #fork() {
    try {
      const s = await this.api.fork(this.me, this.state?.steps);
      this.notice.replaceChildren(`Your own copy at step ${s.steps}: `,
        el('a', { href: `/sessions/${s.id}`, target: '_blank', rel: 'noopener', id: 'fork-link' }, 'open it in the lab'));
    } catch (e) {
      if (!this.#failed(e)) this.notice.textContent = e.message;
    }
  }
}

new StudentPage().start();
