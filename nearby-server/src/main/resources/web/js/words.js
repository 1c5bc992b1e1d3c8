// Everything the server can say, in words a person understands. Unknown codes and reasons are shown too,
// with the server's own message: the protocol may add codes (and does), and the page never hides one.

const ERRORS = {
  bad_request: 'The server could not use a message from this page',
  not_initialized: 'The server needs your position first: allow location, click the radar or type a position',
  not_friend: 'That person is not your friend (any more)',
  not_discoverable: 'Turn on "Discoverable" first: only discoverable people see people nearby',
  rate_limited: 'Too many updates at once: the server dropped one. The next update goes out at the usual pace',
  too_large: 'A message from this page was too large for the server',
  internal: 'The server had a problem with the last message; it may not have taken effect',
  implausible: 'The server ignored your position: it is too far from your last one to be reached that fast',
  stale: 'The server ignored a position older than the last one it accepted',
  // REST error codes (the body {"error","message"} of a failed call)
  unauthorized: 'Your sign-in is no longer valid: sign in again',
  forbidden: 'That is not allowed',
  not_found: 'Not found',
  unavailable: 'That service is unavailable right now; try again later',
};

/** `error` message of the WebSocket, or a failed REST call's body: one sentence. */
export function errorWords(code, message) {
  const known = ERRORS[code];
  const detail = message ? ` (${message})` : '';
  return known ? `${known}${detail}.` : `The server reported "${code}"${detail}.`;
}

const GONE = {
  out_of_range: 'is no longer nearby',
  inactive: 'has not updated for a while',
  sharing_off: 'stopped sharing their location',
  unfriended: 'is no longer your friend',
};

/** Why a friend left the list: "Bob stopped sharing their location". */
export function goneWords(name, reason) {
  return `${name} ${GONE[reason] ?? `left (${reason})`}`;
}

/** Why the server closed the WebSocket, or null when there is nothing to tell. */
export function closeWords(code, reason) {
  const why = reason ? `: ${reason}` : '';
  if (code === 1000 || code === 1005) return null;
  if (code === 1001) return `The server is restarting or moving you to another server${why}`;
  if (code === 1006) return null; // no close frame: the network or a refused upgrade; the status line tells
  if (code === 1008) return `The server closed the connection after repeated bad messages${why}`;
  if (code === 1009) return `The server closed the connection: a message was too large${why}`;
  if (code >= 4000 && code < 5000) return `The server closed this connection${why || ` (code ${code})`}`;
  return `The connection closed (code ${code})${why}`;
}
