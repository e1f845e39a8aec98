import { Api } from '../api/Api.js';
import { SessionChannel } from '../push/SessionChannel.js';
import { UpdateQueue } from '../push/UpdateQueue.js';
import { Timeline } from '../timeline/Timeline.js';
import { CodeView } from '../views/CodeView.js';
import { CallStackView } from '../views/CallStackView.js';
import { StatePanel } from '../views/StatePanel.js';
import { ConsoleView } from '../views/ConsoleView.js';
import { LessonView } from '../views/LessonView.js';
import { Tabs } from '../views/Tabs.js';
import { ScenarioYaml } from '../views/ScenarioYaml.js';
import { CHighlighter } from '../util/CHighlighter.js';
import { Debouncer } from '../util/Debouncer.js';
import { Dom } from '../util/Dom.js';
import { SessionModel } from './SessionModel.js';
import { Toolbar } from './Toolbar.js';
import { LazyEditor } from './LazyEditor.js';
import { ShareDialog } from './ShareDialog.js';
import { RaceDialog } from './RaceDialog.js';
import { Keyboard } from './Keyboard.js';
import { HistoryChoice } from './HistoryChoice.js';
import { Owners } from './Owners.js';
import { ScriptVocabulary } from '../script/ScriptVocabulary.js';
import { FirstRequests } from './FirstRequests.js';

/**
 * The lab page: opens (or joins) a session, keeps the model in step with the server through one ordered update
 * queue fed by the push channel, and re-renders the views once per animation frame when something changed.
 */
export class LabPage {
  #body;
  #api = new Api();
  #model = new SessionModel();
  #queue;
  #channel;
  #views = [];
  #toolbar;
  #timeline;
  #code;
  #editor;
  #raceDialog;
  #choice;
  #openAt = null;
  #rewoundAt = 0;
  #renderQueued = false;
  #connectedOnce = false;
  #viewToken = 0;
  #pastFetch = new Debouncer(60);
  #heapFetch = new Debouncer(120);

  constructor(body) {
    this.#body = body;
    this.#queue = new UpdateQueue((e) => this.#status(`update failed: ${e.message}`));
    this.#channel = new SessionChannel({
      onMessage: (m) => this.#queue.push(() => this.#apply(m)),
      onConnect: () => this.#connected(),
      onStatus: (s) => this.#status(s),
    });
  }

  get model() { return this.#model; }

  get api() { return this.#api; }

  get channel() { return this.#channel; }

  async start() {
    // where "Open" to a drawn timeline goes (the first-load figures, LabFirstLoadTests): the modules ran, the
    // session and its scenario arrived, the model holds the state, the first frame drew it ('lab-drawn')
    performance.mark('lab-modules');
    this.#wire();
    try {
      // the first requests went out as the page loaded (FirstRequests): the first draw waits for the slower one
      const vocabulary = ScriptVocabulary.load(FirstRequests.vocabulary());
      vocabulary.catch(() => {}); // reported by the await below
      const opened = await this.#open();
      await vocabulary;
      if (opened) await this.#load(opened.id, opened.session, opened.scenario);
      else this.#editor.startBlank();
    } catch (e) {
      this.#status(`could not open the session: ${e.message}`);
      this.#body.dataset.ready = 'error';
    }
  }

  #wire() {
    const m = this.#model;
    this.#timeline = new Timeline(Dom.$('timeline'), m, (step) => this.goTo(step));
    this.#toolbar = new Toolbar(this);
    this.#editor = new LazyEditor(this);
    this.#raceDialog = new RaceDialog(this);
    this.#choice = new HistoryChoice();
    new ShareDialog(this);
    this.#views = [
      this.#toolbar,
      this.#code = new CodeView(Dom.$('code-view'), m, (line, on) => this.#toggleBreakpoint(line, on)),
      new CallStackView(Dom.$('call-stack'), m),
      new StatePanel(Dom.$('state-view'), m, (commands) => this.run(commands), (step) => this.goTo(step)),
      new ConsoleView(Dom.$('console'), m, (step) => this.goTo(step)),
      this.#timeline,
    ];
    new LessonView(Dom.$('lesson'), m);
    new Tabs([Dom.$('tab-console'), Dom.$('tab-lesson')]);
    new Tabs([Dom.$('tab-code'), Dom.$('tab-edit')], (tab) => {
      Dom.$('lab-grid').classList.toggle('editing', tab.id === 'tab-edit');
      this.#timeline.resized();
    });
    new Keyboard(this);
    for (const type of ['change', 'view', 'heap', 'select']) m.addEventListener(type, () => this.#render());
    m.addEventListener('change', () => this.#headChanged());
    m.addEventListener('cursor', () => this.#cursorMoved());
    Dom.$('follow').addEventListener('change', (e) => this.setFollow(e.target.checked));
    Dom.$('take-over').addEventListener('click', () => this.takeOver());
    Dom.$('undo-rewind').addEventListener('click', () => this.undoRewind());
    Dom.$('find-race').addEventListener('click', () => this.#raceDialog.open());
    window.addEventListener('resize', () => this.#timeline.resized());
  }

  /**
   * The session this page shows: created for a scenario, a share or a #z= link, or joined. Its id, and when it was
   * created here the server's answer (its state so far).
   */
  async #open() {
    const ds = this.#body.dataset;
    if (ds.mode === 'session') {
      Dom.$('take-over').hidden = Owners.owns(ds.session);
      return { id: ds.session, session: null, scenario: null };
    }
    // for a scenario, a share or a #z= link: created by the request FirstRequests sent as the page loaded
    const creating = FirstRequests.created();
    if (!creating) return null;
    const created = await creating;
    performance.mark('lab-session');
    // The address becomes the session's own: a reload rejoins it and the address bar can be handed to watchers.
    history.replaceState(null, '', `/sessions/${created.id}`);
    Owners.remember(created.id, created.owner);
    this.#openAt = created.openAt ?? null; // a shared link: its step, with the rest of the session still ahead
    return { id: created.id, session: created, scenario: FirstRequests.scenario() };
  }

  /**
   * Loads a session into the page (also after a fork or a found race): scenario, whole trace, state. `known`: the
   * session as its creation answered, else it is fetched alongside the scenario; `scenarioAnswer`: the scenario's
   * answer if already asked for. What is applied after the session's answer comes by the push channel, or by the
   * resync each (re)connection queues.
   */
  async #load(id, known = null, scenarioAnswer = null) {
    const session = known ? Promise.resolve(known) : this.#api.session(id);
    session.catch(() => {}); // reported by #resync's await
    const { spec, scenario } = await (scenarioAnswer ?? this.#api.sessionScenario(id));
    if (!performance.getEntriesByName('lab-scenario').length) performance.mark('lab-scenario');
    const sources = ScenarioYaml.files(scenario).map(([, text]) => text).join('\n');
    this.#model.reset(id, spec, scenario, CHighlighter.definedFunctions(sources));
    Dom.$('lab-title').textContent = scenario.title;
    document.title = `DriverLab: ${scenario.title}`;
    this.#editor.setScenario(scenario);
    this.#toolbar.setScenario(scenario);
    this.#raceDialog.setScenario(scenario);
    this.#model.dispatchEvent(new Event('scenario'));
    if (this.#connectedOnce) this.#channel.switchTopic(`/topic/sessions/${id}`);
    else this.#channel.start(`/topic/sessions/${id}`);
    await this.#resync(session);
    if (!performance.getEntriesByName('lab-state').length) performance.mark('lab-state');
    this.#toolbar.rewound(); // the script position follows the commands the session already has
    this.#queue.start();
    this.#body.dataset.session = id;
    this.#body.dataset.ready = 'true';
    this.#status(this.#channel.connected ? 'live' : 'connecting…');
    if (this.#openAt !== null && this.#openAt < this.#model.head) this.goTo(this.#openAt);
    this.#openAt = null;
    this.#render();
  }

  /** Switches this page to another session (a fork, a found race) without reloading. */
  async switchTo(id) {
    history.replaceState(null, '', `/sessions/${id}`);
    this.#body.dataset.ready = 'loading';
    await this.#queue.idle();
    await this.#load(id);
  }

  #connected() {
    // catch up on what was applied before the subscription took (the first time: since the session was fetched)
    // or while away; the queue holds it until the session is loaded
    this.#queue.push(() => this.#resync());
    this.#connectedOnce = true;
  }

  /**
   * Brings the model up to the server's session: cut what a rewind dropped, fetch missing events, the state.
   * `fetched`: the session's answer if already asked for.
   */
  async #resync(fetched = null) {
    const id = this.#model.id;
    if (!id) return;
    const now = await (fetched ?? this.#api.session(id));
    // nothing new (the usual answer to the first connection's catch-up): no change, no refetch of the heap
    if (this.#model.state && JSON.stringify(now.state) === JSON.stringify(this.#model.state)) return;
    if (now.state.next < this.#model.next) this.#model.rewound(now.state);
    let from = this.#model.next;
    while (from < now.state.next) {
      const page = await this.#api.trace(id, from);
      if (!this.#model.appendEvents(page.from, page.events) || page.next <= from) break;
      from = page.next;
    }
    this.#model.applyState(now.state);
  }

  async #apply(message) {
    if (message.session && message.session !== this.#model.id) return;
    if (message.type === 'events') {
      if (!this.#model.appendEvents(message.from, message.events)) await this.#resync();
    } else if (message.type === 'state') {
      // the batch's (last) events ride in its state frame
      if (message.events && !this.#model.appendEvents(message.from, message.events)) await this.#resync();
      else if (message.state.next > this.#model.next) await this.#resync();
      else this.#model.applyState(message.state);
    } else if (message.type === 'rewound') {
      this.#model.rewound(message.state);
      this.#toolbar.rewound();
      if (!this.#model.atHead) this.#cursorMoved();
    } else if (message.type === 'deleted') {
      this.#status('this session was ended');
    }
  }

  /**
   * Applies commands. From a past step the user first chooses: fork a copy from there (the default; the page
   * switches to it) or rewind this session (its owner only). Errors are thrown for the caller to show inline; a
   * cancelled choice applies nothing ({applied: 0}).
   */
  async run(commands) {
    if (!this.#model.id) throw new Error('no session yet: press Run in the editor');
    let choice = null;
    if (!this.#model.atHead) {
      choice = await this.branch(this.#model.cursor);
      if (!choice) return { applied: 0, skipped: 0, next: this.#model.next, cancelled: true };
    }
    const result = await this.#api.commands(this.#model.id, commands);
    if (choice !== 'rewind') this.#showUndo(false); // the undo of a rewind stays for the command that came with it
    this.#expect(result.next);
    return result;
  }

  /**
   * Goes on from `step` (after at most `keep` commands) without losing anything silently: asks, then forks or
   * rewinds. Resolves to 'fork', 'rewind' or null (cancelled).
   */
  async branch(step, { keep = null, title = null } = {}) {
    const m = this.#model;
    const commands = m.events.filter((e) => e.kind === 'command');
    const later = keep !== null ? commands.length - keep : commands.filter((e) => e.step >= step).length;
    const dropped = `${m.head - step} step${m.head - step === 1 ? '' : 's'} and ${later} command`
      + `${later === 1 ? '' : 's'}`;
    const choice = await this.#choice.ask({ step, dropped, owner: Owners.owns(m.id), title });
    if (choice === 'fork') await this.fork(step, keep);
    else if (choice === 'rewind') await this.rewind(step, keep);
    return choice;
  }

  /** A copy of this session as it was after `step` (or after its first `keep` commands), opened in this page. */
  async fork(step, keep = null) {
    const m = this.#model;
    let created;
    if (keep !== null) {
      const spec = Object.fromEntries(Object.entries(m.spec ?? {}).filter(([, v]) => v !== null));
      created = await this.#api.createSession({ ...spec, commands: m.commandHistory().slice(0, keep) });
    } else {
      const link = await this.#api.link(m.id, step);
      created = await this.#api.createSession({ z: link.z, step });
    }
    Owners.remember(created.id, created.owner);
    Dom.$('take-over').hidden = true;
    await this.switchTo(created.id);
    this.#status(`your own copy from step ${step}: the original session is unchanged`);
  }

  async rewind(step, keep = null) {
    const state = await this.#api.rewind(this.#model.id, step, Owners.token(this.#model.id), keep);
    this.#queue.push(() => {
      if (state.state.next !== this.#model.next || state.state.steps !== this.#model.head) {
        this.#model.rewound(state.state);
        this.#toolbar.rewound();
      }
    });
    this.setFollow(true);
    await this.#queue.idle();
    this.#rewoundAt = this.#model.next; // the events an undo keeps: the ones before the rewind's step
    this.#showUndo(true);
  }

  async undoRewind() {
    try {
      await this.#api.undoRewind(this.#model.id, Owners.token(this.#model.id));
      const keep = this.#rewoundAt;
      this.#queue.push(() => {
        // what came after the rewind (a command injected with it) is gone: drop it before fetching the rest
        this.#model.rewound({ ...this.#model.state, next: Math.min(keep, this.#model.next) });
        return this.#resync();
      });
      await this.#queue.idle();
      this.#toolbar.rewound();
      this.#status('rewind undone');
    } catch (e) {
      this.#status(e.message);
    }
    this.#showUndo(false);
  }

  /** The undo button keeps its place in the bar (visibility, not display): nothing moves when it comes and goes. */
  #showUndo(on) {
    const b = Dom.$('undo-rewind');
    b.classList.toggle('invisible', !on);
    b.disabled = !on;
  }

  /** The push normally brings a batch at once; if it did not (no WebSocket), fetch it. */
  #expect(next) {
    if (!this.#channel.connected) {
      this.#queue.push(() => this.#resync());
      return;
    }
    setTimeout(() => {
      if (this.#model.next < next) this.#queue.push(() => this.#resync());
    }, 1500);
  }

  /** Moves the cursor to `step` (clicks on the timeline, console, slider, keys). */
  goTo(step) {
    if (step === null || step >= this.#model.head) {
      this.setFollow(true);
      return;
    }
    Dom.$('follow').checked = false;
    this.#model.setCursor(step);
  }

  setFollow(on) {
    Dom.$('follow').checked = on;
    this.#model.setCursor(on ? null : this.#model.cursor);
    this.#render();
  }

  async takeOver() {
    await this.fork(this.#model.cursor);
    this.#status('your own copy: the room no longer sees your commands');
  }

  async #toggleBreakpoint(line, on) {
    try {
      await this.run([`${on ? 'break' : 'delete'} ${line}`]);
    } catch (e) {
      this.#status(e.message);
    }
  }

  #cursorMoved() {
    this.#render();
    if (this.#model.atHead) return;
    const step = this.#model.cursor;
    const token = ++this.#viewToken;
    this.#pastFetch.run(async () => {
      try {
        const view = await this.#api.view(this.#model.id, step);
        if (token === this.#viewToken) this.#model.setPastView(view);
      } catch (e) {
        this.#status(e.message);
      }
    });
  }

  #headChanged() {
    const id = this.#model.id;
    this.#heapFetch.run(async () => {
      try {
        const view = await this.#api.view(id, null);
        if (id === this.#model.id) this.#model.setHeadHeap(view.heap, view.step);
      } catch (e) {
        this.#status(e.message);
      }
    });
  }

  #status(text) {
    Dom.$('session-status').textContent = text;
  }

  #render() {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    requestAnimationFrame(() => {
      this.#renderQueued = false;
      for (const v of this.#views) {
        try {
          v.render();
        } catch (e) {
          console.error(e);
        }
      }
      const m = this.#model;
      this.#body.dataset.steps = String(m.head);
      // The trace length the state was taken at: every command adds an event (not always a step), so tests and
      // scripts driving the page can tell that a command's state has arrived.
      this.#body.dataset.events = String(m.state?.next ?? 0);
      this.#body.dataset.cursor = String(m.cursor);
      this.#body.dataset.viewReady = String(m.viewComplete);
      // "Open" to a drawn timeline, for the first-load figures (README): the first frame with the session in it
      if (this.#body.dataset.ready === 'true' && performance.getEntriesByName('lab-drawn').length === 0) {
        performance.mark('lab-drawn');
      }
    });
  }

  // For the toolbar and dialogs.
  timeline() { return this.#timeline; }

  /** A found race's moments, shown on the timeline and, where they ran in the driver's own code, on its lines. */
  highlightRace(moments) {
    this.#timeline.highlight(moments);
    this.#code.highlight(moments);
  }

  editor() { return this.#editor; }

  loadSession(id) { return this.switchTo(id); }
}
