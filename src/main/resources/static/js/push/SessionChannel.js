import { Client } from '@stomp/stompjs';
import { PushDecoder } from './PushDecoder.js';

/**
 * The STOMP connection: the session's topic (every command's trace events, then its state, in order), the
 * explorer's progress topics, reconnecting by itself. `onConnect` runs after every (re)connection, so the page can
 * fetch what it missed while it was away. The topic's compact frames (columnar events, state deltas) reach
 * `onMessage` whole, in order (PushDecoder).
 */
export class SessionChannel {
  #client;
  #topic = null;
  #subscription = null;
  #onMessage;
  #onConnect;
  #onStatus;
  #decoder = new PushDecoder(SessionChannel.#fetchState);
  #decoded = Promise.resolve();

  constructor({ onMessage, onConnect, onStatus }) {
    this.#onMessage = onMessage;
    this.#onConnect = onConnect;
    this.#onStatus = onStatus;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.#client = new Client({
      brokerURL: `${scheme}://${location.host}/ws`,
      // Behind a router hashing on the session id (README "Scaling out"), the WebSocket goes where the session's
      // REST calls go: /ws?session=ID, the id being the topic's last segment (after '/' or '.').
      beforeConnect: () => {
        const id = this.#topic?.split(/[/.]/).pop();
        this.#client.brokerURL = `${scheme}://${location.host}/ws${id ? `?session=${encodeURIComponent(id)}` : ''}`;
      },
      reconnectDelay: 2000,
      heartbeatIncoming: 20000,
      heartbeatOutgoing: 20000,
      onConnect: () => {
        this.#subscribeTopic();
        this.#onStatus('live');
        this.#onConnect();
      },
      onWebSocketClose: () => this.#onStatus('reconnecting'),
      onStompError: (frame) => this.#onStatus(`push error: ${frame.headers.message ?? ''}`),
    });
  }

  get connected() {
    return this.#client.connected;
  }

  start(topic) {
    this.#topic = topic;
    this.#client.activate();
  }

  /** Follows another session's topic (after a fork or a found race). */
  switchTopic(topic) {
    this.#topic = topic;
    if (this.#client.connected) this.#subscribeTopic();
  }

  /** Subscribes while connected; returns the unsubscribe function (a no-op when not connected). */
  subscribe(destination, onJson) {
    if (!this.#client.connected) return () => {};
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
