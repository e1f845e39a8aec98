import { SessionChannel } from '../push/SessionChannel.js';
import { RoomApi, el, goneNotice, goneReason, machineView, revealView } from './RoomApi.js';

/**
 * The teacher's page: the code and QR to project, the presented session driven by commands, questions asked at the
 * current step with the answers' distribution live, the members (connected, forked, latest exercise result), and
 * "bring everyone back". The room's token comes in the link's fragment (#t=...) and is kept in this browser.
 */
class TeacherPage {
  constructor() {
    this.code = document.body.dataset.code;
    this.api = new RoomApi(this.code);
    this.root = document.getElementById('room');
    const key = `driverlab.teach.${this.code}`;
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('t');
    if (fromHash) {
      localStorage.setItem(key, fromHash);
      history.replaceState(null, '', location.pathname);
    }
    this.key = key;
    this.token = localStorage.getItem(key);
    this.dmesg = [];
  }

  async start() {
    if (!this.token) {
      this.root.replaceChildren(el('p', { class: 'error' }, 'Open this page with the teacher link you got when you created the room.'));
      return;
    }
    const join = `${location.origin}/r/${this.code}`;
    this.machine = el('div', { id: 'machine' });
    this.tally = el('div', { id: 'tally', 'aria-live': 'polite' });
    this.members = el('table', { id: 'members', class: 'members' });
    const cmd = el('input', { id: 'command', 'aria-label': 'Command', placeholder: 'insmod / irq 17 / step / continue' });
    const error = el('p', { class: 'error', role: 'alert' });
    const kind = el('select', { id: 'question-kind', 'aria-label': 'Question kind' },
      [['next', 'What runs next?'], ['freed', 'Which object is freed next?'], ['refcount', 'Which refcount changes next?'],
        ['dmesg', 'What does dmesg say? (free text)'], ['text', 'Free text']].map(([v, t]) => el('option', { value: v }, t)));
    const prompt = el('input', { id: 'question-prompt', 'aria-label': 'Prompt (optional)', maxlength: 300 });
    this.root.replaceChildren(
      el('section', { class: 'projector' }, el('img', { src: `/api/rooms/${this.code}/qr.svg`, alt: `QR code for ${join}`,
        class: 'qr' }), el('p', { class: 'join-url' }, 'Join at ', el('strong', {}, join))),
      el('section', { class: 'drive', 'aria-labelledby': 'drive-title' }, el('h2', { id: 'drive-title' }, 'Presented session'),
        el('form', { on: { submit: (ev) => { ev.preventDefault(); this.#run(cmd.value, error); } } }, cmd,
          el('button', { type: 'submit', id: 'run' }, 'Run')), error, this.machine),
      el('section', { class: 'ask', 'aria-labelledby': 'ask-title' }, el('h2', { id: 'ask-title' }, 'Ask the room'),
        el('form', { on: { submit: async (ev) => {
          ev.preventDefault();
          try {
            await this.api.ask(this.token, kind.value, prompt.value);
            this.#refresh();
          } catch (e) { this.#failed(e, error); }
        } } }, kind, prompt, el('button', { type: 'submit', id: 'ask' }, 'Ask')), this.tally),
      el('section', { class: 'people', 'aria-labelledby': 'people-title' }, el('h2', { id: 'people-title' }, 'Members'),
        el('button', { type: 'button', id: 'recall', on: { click: () => this.api.recall(this.token)
          .catch((e) => this.#failed(e, error)) } }, 'Bring everyone back'), this.members),
      this.#closeSection(error));
    this.error = error;
    this.channel = new SessionChannel({
      onMessage: (m) => this.#onPush(m),
      onConnect: () => this.#refresh(),
      onStatus: (s) => { document.getElementById('push-status').textContent = s; },
    });
    this.channel.start(document.body.dataset.topic);
    this.timer = setInterval(() => this.#refresh(), 15000);
    let room;
    try {
      room = await this.api.room(this.token);
    } catch (e) {
      this.#failed(e, error);
      return;
    }
    const lesson = await this.api.lesson(room.scenario);
    if (lesson) this.#presentLesson(lesson);
  }

  /** A lesson presented step by step: a step's question is asked first, the next click runs its command (the reveal). */
  #presentLesson(lesson) {
    let index = 0;
    let asked = false;
    const text = el('p', { id: 'lesson-text' });
    const button = el('button', { type: 'button', id: 'lesson-next', class: 'primary' });
    const show = () => {
      const step = lesson.steps[index];
      if (!step) {
        text.textContent = 'The end of the lesson.';
        button.disabled = true;
        return;
      }
      text.textContent = `${index + 1}/${lesson.steps.length}: ${step.text || ''}`;
      button.textContent = step.question && !asked ? `Ask: ${step.question.prompt ?? step.question.kind}`
        : step.command ? `${asked ? 'Reveal: run' : 'Run'} ${step.command}` : 'Next';
    };
    button.addEventListener('click', async () => {
      const step = lesson.steps[index];
      try {
        if (step.question && !asked) {
          await this.api.ask(this.token, step.question.kind, step.question.prompt, step.question.choices);
          asked = true;
        } else {
          if (step.command) await this.api.commands(this.room.sessionId, [step.command]);
          index++;
          asked = false;
        }
      } catch (e) {
        this.error.textContent = e.message;
      }
      show();
    });
    show();
    this.root.append(el('section', { class: 'lesson', 'aria-labelledby': 'lesson-title' },
      el('h2', { id: 'lesson-title' }, `Lesson: ${lesson.title}`), text, button));
  }

  /**
   * "Close the room", confirmed in place: the room is deleted with everything it holds, and every page of it is
   * told. Below it, when the room would go by itself: after `limits.idleSeconds` without anyone acting in it.
   */
  #closeSection(error) {
    this.expiry = el('p', { id: 'expiry', class: 'expiry' });
    const confirm = el('p', { class: 'confirm', hidden: true }, 'Everything in it is deleted: members, answers, results. ',
      el('button', { type: 'button', id: 'close-confirm', class: 'danger', on: { click: async () => {
        try {
          await this.api.close(this.token);
          this.#gone('closed');
        } catch (e) {
          this.#failed(e, error);
        }
      } } }, 'Yes, close it'), ' ',
      el('button', { type: 'button', id: 'close-cancel', on: { click: () => { confirm.hidden = true; } } }, 'Cancel'));
    return el('section', { class: 'closing', 'aria-labelledby': 'closing-title' },
      el('h2', { id: 'closing-title' }, 'End of the class'), this.expiry,
      el('button', { type: 'button', id: 'close-room', on: { click: () => {
        confirm.hidden = false;
        confirm.querySelector('#close-confirm').focus();
      } } }, 'Close the room'), confirm);
  }

  /** The room is gone (closed here or elsewhere, or expired): the page says so and stops following it. */
  #gone(reason) {
    if (document.body.dataset.gone) return;
    this.channel?.stop();
    clearInterval(this.timer);
    localStorage.removeItem(this.key);
    this.root.replaceChildren(goneNotice(reason, null));
  }

  /** An API failure: the room may be gone, else the error is shown. */
  #failed(e, error) {
    const reason = goneReason(e);
    if (reason) this.#gone(reason);
    else if (error) error.textContent = e.message;
    return reason;
  }

  async #run(line, error) {
    error.textContent = '';
    try {
      await this.api.commands(this.room.sessionId, line.split(';').map((l) => l.trim()).filter(Boolean));
    } catch (e) {
      error.textContent = e.message;
    }
  }

  #onPush(m) {
    if (goneReason(m.type)) {
      this.#gone(goneReason(m.type));
    } else if (m.type === 'step') {
      this.dmesg.push(...(m.dmesg ?? []));
      this.machine.replaceChildren(machineView(m.state, this.dmesg));
      const q = this.room?.question;
      if (m.ran && q && m.steps > q.step && this.revealed?.question !== q.id) {
        this.revealed = { question: q.id, steps: m.steps, ran: m.ran };
        this.#showTally();
      }
    } else {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.#refresh(), 150);
    }
  }

  async #refresh() {
    try {
      this.room = await this.api.room(this.token);
    } catch (e) {
      if (!this.#failed(e, this.error)) throw e;
      return;
    }
    const idleDays = Math.round(this.room.limits.idleSeconds / 86400 * 10) / 10;
    this.expiry.textContent = `Deleted after ${idleDays} day${idleDays === 1 ? '' : 's'} without activity: `
      + `on ${new Date(this.room.expiresAt).toLocaleString()} unless someone acts in it before.`;
    if (!this.shown) {
      this.shown = true;
      this.machine.replaceChildren(machineView(await this.api.presented(), this.dmesg));
    }
    this.#showTally();
    this.members.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Connected'),
      el('th', { scope: 'col' }, 'Forked'), el('th', { scope: 'col' }, 'Exercise')),
    ...this.room.members.map((m) => el('tr', { class: 'member' }, el('td', {}, m.name), el('td', {}, m.connected ? 'yes' : 'no'),
      el('td', {}, m.forked ? `at step ${m.forkStep}` : '—'),
      el('td', {}, m.grade ? gradeText(m.grade) : '—'))));
  }

  /** The current question's distribution, and once the session stepped past it, what ran (the reveal). */
  #showTally() {
    const q = this.room?.question;
    const revealed = q && this.revealed?.question === q.id ? this.revealed : null;
    this.tally.replaceChildren(q ? el('div', {}, el('h3', {}, `${q.prompt} (step ${q.step}) — ${q.answered} answered`),
      q.choices.length
        ? el('ul', { class: 'tally' }, Object.entries(q.tally).map(([c, n]) => el('li', {},
          el('meter', { min: 0, max: Math.max(1, q.answered), value: n, 'aria-label': c }), ` ${c}: `, el('strong', {}, n))))
        : el('ul', { class: 'texts' }, q.texts.map((t) => el('li', {}, t))),
      revealView(q, revealed, null)) : '');
  }
}

/** A member's latest exercise result, as the room's table says it: "✗ failing: 1 of 4 checks pass". */
function gradeText(grade) {
  const [green, all] = String(grade.checks).split('/');
  return `${grade.passed ? '✓ passed' : '✗ failing'}: ${green} of ${all} checks pass`;
}

new TeacherPage().start();
