// The REST half of the protocol (docs/protocol.md "REST"): JSON bodies, `Authorization: Bearer <jwt>`,
// errors as {"error":"<code>","message":"<text>"}. Every call either returns the parsed body or throws an
// ApiError, which the page shows in words.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status; // 0: no answer (network down, server restarting)
    this.code = code;
  }
}

export class Api {
  constructor(base = '') {
    this.base = base;
    this.token = null;
  }

  async call(method, path, body) {
    const headers = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', 'the server did not answer');
    }
    if (res.status === 204) return null;
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the status */ }
    if (!res.ok) throw new ApiError(res.status, json?.error ?? `http_${res.status}`, json?.message ?? text.slice(0, 200));
    return json;
  }

  // Unauthenticated, read before sign-in: radius, paging, dev mode, demo (docs/protocol.md "Web client").
  clientConfig() { return this.call('GET', '/client-config.json'); }
  // Dev mode only.
  devToken(userId) { return this.call('POST', '/api/dev/token', { userId }); }

  me() { return this.call('GET', '/api/users/me'); }
  saveProfile(name, avatarUrl) { return this.call('PUT', '/api/users/me', avatarUrl ? { name, avatarUrl } : { name }); }
  setSharing(enabled) { return this.call('PUT', '/api/users/me/sharing', { enabled }); }
  setDiscoverable(enabled) { return this.call('PUT', '/api/users/me/discoverable', { enabled }); }
  // Ghost mode: sharing off until `until` (ms), back on by itself then.
  pauseSharing(until) { return this.call('PUT', '/api/users/me/sharing', { enabled: false, until }); }
  setAlert(meters) { return this.call('PUT', '/api/users/me/alerts', { meters }); }

  friends() { return this.call('GET', '/api/friends'); }
  addFriend(id) { return this.call('POST', `/api/friends/${encodeURIComponent(id)}`); }
  removeFriend(id) { return this.call('DELETE', `/api/friends/${encodeURIComponent(id)}`); }
  // Whether the caller's location is shown to that one friend.
  setVisible(id, visible) { return this.call('PUT', `/api/friends/${encodeURIComponent(id)}/visibility`, { visible }); }

  history(from, to, limit = 1000) { return this.call('GET', `/api/users/me/history?from=${from}&to=${to}&limit=${limit}`); }
  deleteHistory() { return this.call('DELETE', '/api/users/me/history'); }

  // Dev mode only: the caller's demo crowd around {lat, lon}.
  demo() { return this.call('GET', '/api/dev/demo'); }
  startDemo(lat, lon) { return this.call('POST', '/api/dev/demo', { lat, lon }); }
  stopDemo() { return this.call('DELETE', '/api/dev/demo'); }
}

/** The `exp` claim of a JWT in ms since the epoch, or null if the token cannot be read. */
export function tokenExpiry(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The `sub` claim (user id) of a JWT, or null. */
export function tokenSubject(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub ?? null;
  } catch {
    return null;
  }
}
