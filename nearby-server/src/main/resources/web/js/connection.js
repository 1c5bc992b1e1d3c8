// The WebSocket half of the protocol (docs/protocol.md "WebSocket /ws"): one JSON object per text frame, the
// token in ?access_token= (browsers cannot set headers on a WebSocket), and reconnection with jittered
// exponential backoff. The connection knows nothing about positions or friends: it reports its status and
// every message to the page, and the page sends `init` again on every (re)open.
//
// Status, as shown to the user: "Connecting…", "Live", "Reconnecting in N s", "Offline".

const FIRST_DELAY_S = 1;
const MAX_DELAY_S = 30;
const STABLE_AFTER_MS = 10_000; // a connection open this long resets the backoff

export class Connection {
  /**
   * @param {object} hooks
   *   url()              the ws:// URL with the current token
   *   onOpen()           the socket is open: send `init` (and `random`) now
   *   onMessage(msg)     a parsed server message
   *   onStatus(s)        {state: 'connecting'|'live'|'reconnecting'|'offline', seconds?}
   *   onClosed(code, reason, wasOpen)   the socket closed (after an open, or a failed attempt)
   *   shouldRetry(code)  async; false stops reconnecting (e.g. the token was refused)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.ws = null;
    this.attempt = 0;
    this.wanted = false;
    this.retryTimer = null;
    this.countdown = null;
    this.openedAt = 0;
    addEventListener('online', () => { if (this.wanted && !this.isOpen()) this.connectNow(); });
    addEventListener('offline', () => { if (this.wanted) this.status({ state: 'offline' }); });
  }

  isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start() {
    this.wanted = true;
    this.attempt = 0;
    this.connectNow();
  }

  /** Closes for good (sign-out): no reconnect. */
  stop() {
    this.wanted = false;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'signed out');
    this.status({ state: 'offline' });
  }

  /** Sends one message; false when the socket is not open (the caller re-sends after the next open). */
  send(msg) {
    if (!this.isOpen()) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  connectNow() {
    this.clearTimers();
    if (!navigator.onLine) {
      this.status({ state: 'offline' });
      return;
    }
    this.status({ state: 'connecting' });
    const ws = new WebSocket(this.hooks.url());
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.openedAt = Date.now();
      this.status({ state: 'live' });
      this.hooks.onOpen();
    };
    ws.onmessage = (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch { return; } // the server sends JSON only; ignore anything else
      if (msg && typeof msg.type === 'string') this.hooks.onMessage(msg);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return; // an old socket, replaced or stopped
      this.ws = null;
      this.hooks.onClosed(event.code, event.reason, opened);
      if (!this.wanted) return;
      if (opened && Date.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
      Promise.resolve(this.hooks.shouldRetry(event.code, opened)).then((retry) => {
        if (!this.wanted || this.ws) return;
        if (retry) this.retryLater();
        else this.status({ state: 'offline' });
      });
    };
  }

  /** Equal jitter: half the exponential delay fixed, half random, so clients of a restarted server spread out. */
  retryLater() {
    const base = Math.min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** this.attempt);
    this.attempt += 1;
    const delayMs = Math.max(1000, (base / 2 + Math.random() * (base / 2)) * 1000);
    const due = Date.now() + delayMs;
    const tick = () => this.status({ state: 'reconnecting', seconds: Math.max(1, Math.ceil((due - Date.now()) / 1000)) });
    tick();
    this.countdown = setInterval(tick, 250);
    this.retryTimer = setTimeout(() => this.connectNow(), delayMs);
  }

  clearTimers() {
    clearTimeout(this.retryTimer);
    clearInterval(this.countdown);
    this.retryTimer = null;
    this.countdown = null;
  }

  status(s) {
    this.hooks.onStatus(s);
  }
}

/** Text of a status for the status line. */
export function statusText(s) {
  switch (s.state) {
    case 'live': return 'Live';
    case 'connecting': return 'Connecting…';
    case 'reconnecting': return `Reconnecting in ${s.seconds} s`;
    default: return 'Offline';
  }
}
