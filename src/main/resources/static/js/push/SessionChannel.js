import { PushDecoder } from './PushDecoder.js';

/**
 * The STOMP connection: the session's topic (every command's trace events, then its state, in order), the
 * explorer's progress topics, reconnecting by itself. `onConnect` runs after every (re)connection, so the page can
 * fetch what it missed while it was away. The topic's compact frames (columnar events, state deltas) reach
 * `onMessage` whole, in order (PushDecoder). The STOMP client's modules (twenty files) are imported when the channel
 * starts, not with the page: a page draws what it fetched over REST first, and they stay off its first load's path.
 */
export class SessionChannel {
  #client = null;
  #starting = null;
  #topic = null;
  #subscription = null;
  #onMessage;
  #onConnect;
  #onStatus;
  #stopped = false;
  #decoder = new PushDecoder(SessionChannel.#fetchState);
  #decoded = Promise.resolve();

  constructor({ onMessage, onConnect, onStatus }) {
    this.#onMessage = onMessage;
    this.#onConnect = onConnect;
    this.#onStatus = onStatus;
  }

  get connected() {
    return this.#client?.connected ?? false;
  }

  /** Connects (the first time: once the client's modules are loaded) and follows `topic`. */
  start(topic) {
    this.#topic = topic;
    this.#starting ??= import('@stomp/stompjs').then(
      ({ Client }) => {
        this.#client = this.#newClient(Client);
        this.#client.activate();
      },
      (e) => this.#onStatus(`push unavailable: ${e.message}`),
    );
    return this.#starting;
  }

  #newClient(Client) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const client = new Client({
      brokerURL: `${scheme}://${location.host}/ws`,
      // Behind a router hashing on the session id (README "Scaling out"), the WebSocket goes where the session's
      // REST calls go: /ws?session=ID, the id being the topic's last segment (after '/' or '.').
      beforeConnect: () => {
        const id = this.#topic?.split(/[/.]/).pop();
        client.brokerURL = `${scheme}://${location.host}/ws${id ? `?session=${encodeURIComponent(id)}` : ''}`;
      },
      reconnectDelay: 2000,
      heartbeatIncoming: 20000,
      heartbeatOutgoing: 20000,
      onConnect: () => {
        this.#subscribeTopic();
        this.#onStatus('live');
        this.#onConnect();
      },
      onWebSocketClose: () => this.#onStatus(this.#stopped ? 'closed' : 'reconnecting'),
      onStompError: (frame) => this.#onStatus(`push error: ${frame.headers.message ?? ''}`),
    });
    return client;
  }

  /** Disconnects for good (the page has nothing left to follow, e.g. its room is gone). */
  stop() {
    this.#stopped = true;
    this.#client?.deactivate();
    this.#onStatus('closed');
  }

  /** Follows another session's topic (after a fork or a found race). */
  switchTopic(topic) {
    this.#topic = topic;
    if (this.connected) this.#subscribeTopic();
  }

  /** Subscribes while connected; returns the unsubscribe function (a no-op when not connected). */
  subscribe(destination, onJson) {
    if (!this.connected) return () => {};
    const sub = this.#client.subscribe(destination, (m) => onJson(JSON.parse(m.body)));
    return () => sub.unsubscribe();
  }

  #subscribeTopic() {
    this.#subscription?.unsubscribe();
    this.#subscription = this.#client.subscribe(this.#topic, (m) => {
      const frame = JSON.parse(m.body);
      this.#decoded = this.#decoded
        .then(() => this.#decoder.decode(frame))
        .then((message) => this.#onMessage(message))
        .catch((e) => this.#onStatus(`update failed: ${e.message}`));
    });
  }

  /** The session's state now and its version (GET /api/sessions/{id}, header DriverLab-State-Version). */
  static async #fetchState(session) {
    const response = await fetch(`/api/sessions/${encodeURIComponent(session)}`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`GET session: ${response.status}`);
    const body = await response.json();
    return { version: response.headers.get('DriverLab-State-Version'), state: body.state };
  }
}
