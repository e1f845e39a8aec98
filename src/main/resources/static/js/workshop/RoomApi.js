/** The workshop's REST calls (rooms, exercises); problem+json answers become Errors with `code`. */
export class RoomApi {
  constructor(code) {
    this.code = code;
  }

  async #call(method, path, body, headers = {}) {
    const r = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (r.status === 204) return null;
    const data = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(data.detail ?? `HTTP ${r.status}`);
      e.code = data.code;
      throw e;
    }
    return data;
  }

  room(token) {
    return this.#call('GET', `/api/rooms/${this.code}`, undefined, token ? { 'X-Room-Token': token } : {});
  }

  presented() {
    return this.#call('GET', `/api/rooms/${this.code}/presented`);
  }

  join(name) {
    return this.#call('POST', `/api/rooms/${this.code}/members`, { name });
  }

  presence(me) {
    return this.#call('POST', `/api/rooms/${this.code}/members/${me.memberId}/presence`, undefined,
      { 'X-Room-Token': me.token });
  }

  fork(me, step) {
    return this.#call('POST', `/api/rooms/${this.code}/members/${me.memberId}/fork`, { step },
      { 'X-Room-Token': me.token });
  }

  answer(me, question, answer) {
    return this.#call('POST', `/api/rooms/${this.code}/questions/${question}/answers`, { answer },
      { 'X-Room-Token': me.token, 'X-Room-Member': me.memberId });
  }

  ask(token, kind, prompt, choices) {
    return this.#call('POST', `/api/rooms/${this.code}/questions`, { kind, prompt, choices },
      { 'X-Room-Token': token });
  }

  recall(token) {
    return this.#call('POST', `/api/rooms/${this.code}/recall`, {}, { 'X-Room-Token': token });
  }

  commands(session, commands) {
    return this.#call('POST', `/api/sessions/${session}/commands`, { commands });
  }

  lesson(scenario) {
    return this.#call('GET', `/api/lessons/${scenario}`).catch(() => null);
  }

  exercise(id) {
    return this.#call('GET', `/api/exercises/${id}`);
  }

  grade(id, source, me) {
    return this.#call('POST', `/api/exercises/${id}/grade`,
      { source, room: me ? this.code : undefined, member: me?.memberId, token: me?.token });
  }

  close(token) {
    return this.#call('DELETE', `/api/rooms/${this.code}`, undefined, { 'X-Room-Token': token });
  }
}

/** A small element builder: text is always text. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** The presented machine in a few lines: each context with where it is, then the kernel log's tail. */
export function machineView(state, dmesg) {
  const contexts = el('ul', { class: 'contexts', 'aria-label': 'Contexts' },
    (state?.machine?.contexts ?? []).map((c) => el('li', { class: `ctx ${c.status}` },
      el('strong', {}, c.name), ` ${c.status}`, c.stack?.length ? ` in ${c.stack[0].function}` : '', c.waitingOn ? ` (waiting on ${c.waitingOn})` : '')));
  const log = el('pre', { class: 'dmesg', 'aria-label': 'Kernel log' }, (dmesg ?? []).slice(-8).join('\n'));
  const idle = state && !state.machine?.contexts?.length
    ? el('p', { class: 'idle' }, 'No context is running: the last command is over.') : null;
  return el('div', { class: 'machine' }, el('p', { class: 'step' }, `step ${state?.steps ?? 0}`), contexts, idle, log);
}

/**
 * The reveal of a question asked at `question.step`, once the presented session has stepped past it: which contexts
 * ran (the first is what ran next), and the member's own answer when given.
 */
export function revealView(question, step, mine) {
  if (!question || !step || step.steps <= question.step) return null;
  const ran = step.ran.length ? `${step.ran[0]} ran next` + (step.ran.length > 1 ? ` (then ${step.ran.slice(1).join(', ')})` : '')
    : 'nothing ran: the command was over';
  return el('p', { class: 'reveal', id: 'reveal' }, el('strong', {}, 'Revealed: '), `${ran}, at step ${step.steps}.`,
    mine ? ` You answered ${mine}.` : '');
}

/** Why a room is gone, from a push frame's type or an API error's code: 'closed', 'expired' or null. */
export function goneReason(typeOrError) {
  const t = typeof typeOrError === 'string' ? typeOrError : typeOrError?.code;
  if (t === 'closed' || t === 'room-closed') return 'closed';
  if (t === 'expired' || t === 'room-expired') return 'expired';
  return null;
}

/** What a page of a room that is gone says instead of the room. */
export function goneNotice(reason, after) {
  const text = reason === 'closed'
    ? 'The teacher closed this room: its questions, answers and results are deleted.'
    : 'This room expired: nobody used it for a long time, so it was deleted with its questions, answers and results.';
  document.body.dataset.gone = reason;
  return el('section', { class: 'gone', id: 'gone', role: 'alert', 'aria-labelledby': 'gone-title' },
    el('h2', { id: 'gone-title' }, reason === 'closed' ? 'This room was closed' : 'This room has expired'),
    el('p', {}, text), after ? el('p', {}, after) : null,
    el('p', {}, el('a', { href: '/' }, 'Browse the scenarios'), ' to go on alone.'));
}
