// Nearby Friends web client: the page's wiring. Read this file top to bottom to see the protocol flow:
//   1. GET /client-config.json (radius, dev mode), then sign in: a dev token or a pasted access token;
//      GET /api/users/me, creating the profile with PUT /api/users/me when there is none (404).
//   2. Open the WebSocket (connection.js); on every open send `init` with the latest position, then
//      `random` if "Show people nearby" is on; then `location` at the cadence (30 s unless the server says
//      otherwise with a `cadence` message).
//   3. Feed every server message to the model (nearby.js) and redraw the list and the radar (radar.js).
//   4. REST for everything else: profile and switches (here), friends.js, history.js, demo.js.
// Every `error` and every failed call is shown in words (words.js); unknown message types are ignored.

import { Api, ApiError, tokenExpiry, tokenSubject } from './api.js';
import { Connection, statusText } from './connection.js';
import { DemoPanel } from './demo.js';
import { FriendsPanel } from './friends.js';
import { formatDistance, formatScale, METERS_PER_MILE } from './geo.js';
import { HistoryPanel } from './history.js';
import { NearbyModel } from './nearby.js';
import { renderNearbyList } from './nearby-list.js';
import { Position } from './position.js';
import { Radar } from './radar.js';
import { $, failureWords, notice, showError } from './ui.js';
import { closeWords, errorWords, goneWords } from './words.js';

const DEFAULT_CADENCE_S = 30;                                                // `location` every ~30 s
const DEMO_START = { lat: 37.7749, lon: -122.4194, place: 'San Francisco' }; // a demo without a position starts here
const POLL_MS = 4000;                                                        // friends and profile have no push
const TOKEN_KEY = 'nearby.token';

const api = new Api();
const model = new NearbyModel();
const params = new URLSearchParams(location.search);

const state = {
  config: { radiusMiles: 5, pageSize: 20, devMode: false },
  userId: null,
  profile: null,
  cadenceS: DEFAULT_CADENCE_S,
  // ?cadence=N: a developer's override of the sending cadence (the browser tests use 2 s); wins over `cadence`
  cadenceOverride: Number(params.get('cadence')) > 0 ? Number(params.get('cadence')) : null,
  lastSent: null,        // {type, lat, lon, ts} of the last `init`/`location`
  initialized: false,    // `init` sent on the current connection
  random: false,         // "Show people nearby" wanted
  zoom: 0,               // outer ring = radius / 2^zoom
  shown: 20,             // entries of "Nearby friends" shown ("More" adds a page)
  timers: [],
};

/** A failed REST call: a 401 ends the session, anything else is shown in words. */
function failed(what, e) {
  if (e instanceof ApiError && e.status === 401) signOut(errorWords('unauthorized', e.message));
  else showError(failureWords(what, e));
}

const friends = new FriendsPanel(api, failed);
const history = new HistoryPanel(api, failed, () => render());
const demo = new DemoPanel(api, failed, prepareDemo, () => friends.refresh());

// ------------------------------------------------------------------ sign-in

async function start() {
  try {
    state.config = await api.clientConfig();
  } catch (e) {
    showError(failureWords('Loading the server settings (using defaults)', e));
  }
  state.shown = state.config.pageSize ?? 20;
  const dev = !!state.config.devMode;
  $('dev-signin').hidden = !dev;
  $('token-signin').hidden = dev;
  $('demo-card').hidden = !dev;
  $('user-id').disabled = !dev;        // a hidden required field must not block the form
  $('access-token').disabled = dev;
  const saved = localStorage.getItem(TOKEN_KEY);
  if (saved && (tokenExpiry(saved) ?? 0) > Date.now()) {
    await signIn(saved).catch((e) => {
      failed('Signing in again', e);
      showSignIn();
    });
  } else {
    showSignIn();
  }
}

function showSignIn() {
  $('signin').hidden = false;
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('whoami').textContent = '';
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = event.submitter;
  if (button) button.disabled = true;
  try {
    const token = state.config.devMode ? (await api.devToken($('user-id').value.trim())).token : $('access-token').value.trim();
    await signIn(token);
  } catch (e) {
    api.token = null;
    failed('Signing in', e);
  } finally {
    if (button) button.disabled = false;
  }
});

async function signIn(token) {
  api.token = token;
  const userId = tokenSubject(token);
  let profile;
  try {
    profile = await api.me();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    profile = await api.saveProfile(userId); // no profile yet: create it, named after the id until renamed
  }
  localStorage.setItem(TOKEN_KEY, token);
  state.userId = userId;
  renderProfile(profile);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  position.watchDevice(devicePositionProblem);
  connection.start();
  state.timers.push(setInterval(poll, POLL_MS), setInterval(render, 1000));
  scheduleTokenRenewal(token);
  await friends.refresh();
  if (state.config.devMode) await demo.sync(!!state.config.demo?.autoStart);
  render();
}

function signOut(why) {
  connection.stop();
  position.stopWalk();
  position.stopDevice();
  position.current = null;
  position.source = 'none';
  state.timers.forEach(clearInterval);
  state.timers = [];
  clearTimeout(state.renewTimer);
  localStorage.removeItem(TOKEN_KEY);
  api.token = null;
  Object.assign(state, { userId: null, profile: null, lastSent: null, initialized: false, random: false });
  model.reset();
  friends.clear();
  history.off();
  demo.set(false);
  if (why) showError(why);
  showSignIn();
  render();
}

$('sign-out').addEventListener('click', () => signOut());

/**
 * Tokens expire (dev tokens after 24 h). In dev mode the page fetches a new one two minutes before and hands it
 * to the open session with {"type":"auth","token":..}; with a pasted token it can only ask the user for a new one.
 */
function scheduleTokenRenewal(token) {
  clearTimeout(state.renewTimer);
  const exp = tokenExpiry(token);
  const inMs = exp ? Math.max(5_000, exp - Date.now() - 120_000) : null;
  if (!inMs || inMs > 2 ** 31 - 1) return;
  state.renewTimer = setTimeout(async () => {
    if (!state.config.devMode) {
      notice('Your access token expires in two minutes: sign in again with a new one to stay connected.');
      return;
    }
    try {
      const fresh = (await api.devToken(state.userId)).token;
      api.token = fresh;
      localStorage.setItem(TOKEN_KEY, fresh);
      connection.send({ type: 'auth', token: fresh });
      scheduleTokenRenewal(fresh);
    } catch (e) {
      failed('Renewing your sign-in', e);
    }
  }, inMs);
}

// ------------------------------------------------------------------ the WebSocket

const connection = new Connection({
  url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?access_token=${encodeURIComponent(api.token)}`,
  onOpen() {
    state.initialized = false;
    sendPosition(); // `init` when a position is known; otherwise the first position sends it
  },
  onMessage: handle,
  onStatus(s) {
    const el = $('status');
    const text = statusText(s);
    if (el.textContent !== text) el.textContent = text;
    el.className = `status ${s.state}`;
    $('reconnect').hidden = !(s.state === 'offline' && state.userId && navigator.onLine);
  },
  onClosed(code, reason, wasOpen) {
    state.initialized = false;
    const words = closeWords(code, reason);
    if (code >= 4000 && code < 5000) showError(`${words}. Press "Reconnect" to connect this page again.`);
    else if (words && wasOpen) notice(words);
  },
  async shouldRetry(code) {
    if (code >= 4000 && code < 5000) return false; // e.g. replaced by a newer connection: do not fight it
    if (!state.userId) return false;
    // a refused upgrade looks like any network failure (1006): ask the REST API whether the token still works
    try {
      await api.me();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut(errorWords('unauthorized', e.message));
        return false;
      }
    }
    return true;
  },
});

$('reconnect').addEventListener('click', () => connection.start());

/** Every server message. Unknown types are ignored: the protocol adds types, and old clients keep working. */
function handle(msg) {
  switch (msg.type) {
    case 'nearby':
      model.page(msg);
      if (msg.page === 0) state.shown = state.config.pageSize ?? 20;
      break;
    case 'friend_location':
      model.friendLocation(msg);
      if (!friends.has(msg.id)) friends.refresh(); // a new friend: get their profile into the friends panel
      break;
    case 'friend_gone': {
      const gone = model.friendGone(msg);
      notice(goneWords(gone?.name ?? friends.name(msg.id), msg.reason));
      break;
    }
    case 'stranger_location':
      model.strangerLocation(msg);
      break;
    case 'stranger_gone':
      model.strangerGone(msg);
      break;
    case 'friend_nearby':
      notice(`${msg.name ?? friends.name(msg.id)} is within ${formatDistance(msg.distanceMeters)} of you`);
      break;
    case 'cadence':
      if (msg.seconds > 0) {
        state.cadenceS = msg.seconds;
        restartCadence();
      }
      break;
    case 'error':
      if (msg.code === 'not_discoverable') {
        state.random = false;
        model.clearStrangers();
      }
      showError(errorWords(msg.code, msg.message));
      break;
    default:
      break; // `pong`, and types this page does not know yet
  }
  render();
}

// ------------------------------------------------------------------ position and cadence

const position = new Position((pos, source) => {
  $('use-device').hidden = !(position.deviceFix && source !== 'device');
  // the device's first fix goes out at once; typed positions are sent by setPosition, walks at the cadence
  if (!state.initialized && source === 'device') sendPosition();
  render();
});

function devicePositionProblem(problem) {
  if (!position.current) {
    $('position-text').textContent = problem === 'denied'
      ? 'Location permission not given: type a position or click the radar.'
      : 'Your device has no position for now: type a position or click the radar.';
  }
}

const cadence = () => state.cadenceOverride ?? state.cadenceS;

function restartCadence() {
  clearInterval(state.cadenceTimer);
  state.cadenceTimer = setInterval(sendPosition, cadence() * 1000);
}
restartCadence();

/**
 * Sends the current position: `init` first on each connection (the answer is `nearby` page 0), `location` after
 * that, also while standing still so that the server does not count the user as inactive. `jump`: a typed or
 * clicked position re-initialises, and the fresh page 0 rebuilds the list.
 */
function sendPosition(jump = false) {
  const p = position.current;
  if (!p || !connection.isOpen()) return;
  const type = !state.initialized || jump === true ? 'init' : 'location';
  const msg = { type, lat: round6(p.lat), lon: round6(p.lon), ts: Date.now() };
  if (!connection.send(msg)) return;
  state.lastSent = msg;
  if (type === 'init') {
    state.initialized = true;
    if (state.random) connection.send({ type: 'random', enabled: true });
  }
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;

function setPosition(lat, lon) {
  position.set(lat, lon);
  sendPosition(true);
  render();
}

$('position-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const lat = Number($('lat').value.replace(',', '.'));
  const lon = Number($('lon').value.replace(',', '.'));
  if (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    showError('A position is a latitude in [-90, 90] and a longitude in [-180, 180], in degrees, e.g. 37.7749 and -122.4194.');
    return;
  }
  setPosition(lat, lon);
});

$('walk').addEventListener('change', () => {
  if ($('walk').checked && !position.startWalk()) showError('Set your position first: the walk starts from it.');
  if (!$('walk').checked) position.stopWalk();
  render();
});

$('use-device').addEventListener('click', () => {
  position.useDevice();
  sendPosition(true);
  render();
});

/** Before a demo: a position to walk around (San Francisco if none) and sharing on (friends see only sharers). */
async function prepareDemo() {
  if (!position.current) {
    setPosition(DEMO_START.lat, DEMO_START.lon);
    notice(`Your position is set to ${DEMO_START.place} for the demo; set your own any time.`);
  }
  if (!state.profile.sharing) {
    renderProfile(await api.setSharing(true));
    notice('"Share my location" is on: friends see each other only while both share.');
  }
  return { lat: round6(position.current.lat), lon: round6(position.current.lon) };
}

// ------------------------------------------------------------------ profile and switches

function renderProfile(profile) {
  state.profile = profile;
  for (const [id, on] of [['sharing', profile.sharing], ['discoverable', profile.discoverable]]) {
    if (!$(id).hasAttribute('aria-busy')) $(id).checked = !!on;
  }
  if (!profile.discoverable && state.random) {
    state.random = false; // the server stops strangers when discoverability goes off
    model.clearStrangers();
  }
  $('random').disabled = !profile.discoverable;
  $('ghost-text').textContent = profile.sharingUntil
    ? `Ghost until ${new Date(profile.sharingUntil).toLocaleString()}: friends do not see you; sharing comes back by itself.`
    : '';
  if (document.activeElement !== $('alert-meters')) $('alert-meters').value = String(profile.alertMeters ?? 0);
  if (document.activeElement !== $('display-name')) $('display-name').value = profile.name ?? '';
  if (document.activeElement !== $('avatar-url')) $('avatar-url').value = profile.avatarUrl ?? '';
  $('whoami').textContent = `Signed in as ${profile.name} (${profile.id ?? state.userId})`;
}

$('profile-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    renderProfile(await api.saveProfile($('display-name').value.trim(), $('avatar-url').value.trim()));
    notice('Profile saved');
  } catch (e) {
    failed('Saving your profile', e);
  }
});

/**
 * A switch shows the server's state: while a change is on its way it is busy (and polls leave it alone); then it
 * shows what the server answered, or flips back if the call failed.
 */
function flagSwitch(id, call, label) {
  $(id).addEventListener('change', async () => {
    const input = $(id);
    const wanted = input.checked;
    input.disabled = true;
    input.setAttribute('aria-busy', 'true');
    try {
      const profile = await call(wanted);
      input.removeAttribute('aria-busy');
      renderProfile(profile);
    } catch (e) {
      input.checked = !wanted;
      failed(label, e);
    } finally {
      input.disabled = false;
      input.removeAttribute('aria-busy');
      render();
    }
  });
}
flagSwitch('sharing', (on) => api.setSharing(on), 'Changing "Share my location"');
flagSwitch('discoverable', (on) => api.setDiscoverable(on), 'Changing "Discoverable"');

$('ghost').addEventListener('click', async () => {
  const minutes = Number($('ghost-minutes').value);
  $('ghost').disabled = true;
  try {
    renderProfile(await api.pauseSharing(Date.now() + minutes * 60_000));
    notice(`You are a ghost for ${$('ghost-minutes').selectedOptions[0].textContent}`);
  } catch (e) {
    failed('Going ghost', e);
  } finally {
    $('ghost').disabled = false;
    render();
  }
});

$('alert-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const profile = await api.setAlert(Number($('alert-meters').value || 0));
    renderProfile(profile);
    notice(profile.alertMeters > 0 ? `You will be told when a friend comes within ${profile.alertMeters} m` : 'Proximity alerts are off');
  } catch (e) {
    failed('Setting the alert distance', e);
  }
});

// "Show people nearby" is a WebSocket message, not a profile flag: the server answers only when it refuses
$('random').addEventListener('change', () => {
  state.random = $('random').checked;
  if (!state.random) model.clearStrangers();
  if (state.initialized) connection.send({ type: 'random', enabled: state.random });
  render();
});

// ------------------------------------------------------------------ rendering

const radar = new Radar($('radar'), (lat, lon) => setPosition(lat, lon));
const radiusMeters = () => (state.config.radiusMiles ?? 5) * METERS_PER_MILE;
const rangeMeters = () => radiusMeters() / 2 ** state.zoom;

$('zoom-in').addEventListener('click', () => { state.zoom = Math.min(5, state.zoom + 1); render(); });
$('zoom-out').addEventListener('click', () => { state.zoom = Math.max(0, state.zoom - 1); render(); });
$('more').addEventListener('click', () => {
  state.shown += state.config.pageSize ?? 20;
  if (model.morePagesOnServer() && model.friends.size < state.shown) connection.send({ type: 'nearby', page: model.pagesLoaded });
  render();
});

function renderPosition() {
  const p = position.current;
  const el = $('position-text');
  $('cadence-text').textContent = `Your position goes to the server every ${cadence()} s${state.cadenceOverride ? ' (set by ?cadence=)' : ''}.`;
  if (!p) return;
  const how = { device: 'from your device', manual: 'set by you', walk: 'walking' }[position.source] ?? '';
  const sent = state.lastSent ? `last sent ${new Date(state.lastSent.ts).toLocaleTimeString()}` : 'not sent yet';
  el.textContent = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} (${how}; ${sent})`;
  // exact values for scripts and tests: where the page is, and what the server was last told
  Object.assign(el.dataset, { lat: p.lat, lon: p.lon });
  if (state.lastSent) Object.assign(el.dataset, { sentLat: state.lastSent.lat, sentLon: state.lastSent.lon, sentTs: state.lastSent.ts });
}

function summary(count) {
  const radius = formatScale(radiusMeters());
  if (!position.current) return 'Set your position to see who is nearby.';
  if (!model.sharing) return 'Your location sharing is off: turn on "Share my location" to see friends nearby.';
  if (count === 0) return `No friend within ${radius} right now.`;
  return `${count} ${count === 1 ? 'friend' : 'friends'} within ${radius}, nearest first.`;
}

/** Redraws everything from the state: after each message, each change, and once a second ("N s ago", the walk). */
function render() {
  const me = position.current;
  const sorted = model.sortedFriends(me);
  renderNearbyList(sorted, summary(sorted.length), state.shown, sorted.length > state.shown || model.morePagesOnServer());
  renderPosition();
  $('walk').checked = position.walking;
  $('random').checked = state.random;
  radar.render({ me, rangeMeters: rangeMeters(), friends: sorted, strangers: [...model.strangers.values()], track: history.track });
  $('range-label').textContent = `outer ring ${formatScale(rangeMeters())}`;
  $('zoom-in').disabled = state.zoom >= 5;
  $('zoom-out').disabled = state.zoom === 0;
}

/** Friends, profile and history have no push: poll them while connected (while not, the socket's backoff rules). */
async function poll() {
  if (!connection.isOpen()) return;
  await friends.refresh();
  try {
    renderProfile(await api.me());
  } catch (e) {
    if (e.status === 401) failed('Loading your profile', e);
  }
  history.poll();
}

start();
