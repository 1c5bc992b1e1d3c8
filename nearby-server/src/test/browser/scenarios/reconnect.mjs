// The server restarts (WebClientIT drains it, closing every WebSocket with 1001, and starts it again on the same
// port): the page shows "Reconnecting in N s", then "Live" again, sends `init` on the new connection, gets a
// fresh `nearby` page, and lists each friend once.
// While the server is down Chromium logs each refused connection as a console error; those, and only those,
// are allowed between the restart request and "Live".

import { askHarness, check, nearbyEntry, rest, run, setPosition, setSwitch, signIn, status, uid, offset } from '../lib.mjs';

const HOME = { lat: 35.6586, lon: 139.7454 };
const REFUSED = /WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED|net::ERR_CONNECTION_RESET|net::ERR_EMPTY_RESPONSE|status of 503/;

await run('reconnect', async (b) => {
  const eve = await b.user('eve');
  const frank = await b.user('frank');
  const eveId = uid('eve');
  const frankId = uid('frank');
  await signIn(eve.page, eveId);
  await signIn(frank.page, frankId);
  // friends through the API this time (the friends scenario does it through the page)
  await (await rest(eveId)).call('POST', `/api/friends/${frankId}`);
  await (await rest(frankId)).call('POST', `/api/friends/${eveId}`);
  for (const u of [eve, frank]) await setSwitch(u.page, 'Share my location', true);
  await setPosition(eve.page, HOME);
  await setPosition(frank.page, offset(HOME, 200, 500));
  await nearbyEntry(eve.page, frankId).waitFor();

  // every frame of eve's WebSockets, per socket
  const sockets = [];
  eve.page.on('websocket', (ws) => {
    const s = { url: ws.url(), sent: [], received: [] };
    sockets.push(s);
    ws.on('framesent', (f) => s.sent.push(JSON.parse(f.payload)));
    ws.on('framereceived', (f) => s.received.push(JSON.parse(f.payload)));
  });

  const reconnecting = eve.page.waitForFunction(() => /^Reconnecting in \d+ s$/.test(document.getElementById('status').textContent), null, { timeout: 30_000 });
  const closeWindows = [eve, frank].map((u) => u.watch.allowWhile(REFUSED));
  const restartedAt = Date.now();
  check(await askHarness('restart') === 'restarted', 'the harness restarted the server');
  await reconnecting;
  console.log(`eve showed "Reconnecting in N s" ${Date.now() - restartedAt} ms after the restart began`);
  await status(eve.page, 'Live', 40_000);
  await status(frank.page, 'Live', 40_000);
  closeWindows.forEach((close) => close());
  console.log(`eve Live again ${Date.now() - restartedAt} ms after the restart began`);

  // the new connection began with `init` and got page 0; frank (whose session re-initialised too) is listed once
  const live = sockets.at(-1);
  check(live, 'eve opened a new WebSocket');
  await waitFor(() => live.sent.length > 0 && live.received.some((m) => m.type === 'nearby'), 'init and nearby on the new socket');
  check(live.sent[0].type === 'init', `the first message on the new socket is init, got ${JSON.stringify(live.sent[0])}`);
  const page0 = live.received.find((m) => m.type === 'nearby');
  check(page0.page === 0, `the answer is page 0: ${JSON.stringify(page0)}`);
  await nearbyEntry(eve.page, frankId).waitFor();
  await waitFor(() => live.received.some((m) => m.type === 'friend_location' && m.id === frankId), "one of frank's updates after the restart");
  const count = await eve.page.getByRole('list', { name: 'Nearby friends' }).locator(`li[data-id="${frankId}"]`).count();
  check(count === 1, `frank listed ${count} times`);
});

/** Waits for a condition on data this script collects (frames), polling the event loop with a deadline. */
async function waitFor(condition, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
