// What the page does with server messages that the protocol is adding in other issues, or that a real server
// rarely sends: the page's WebSocket goes through a Playwright proxy (routeWebSocket) that forwards everything
// both ways and lets the test add server messages. Every `error` is shown in words (known codes in the page's
// words, unknown ones with the server's code and message), unknown types are ignored without console errors,
// `nearby` with "sharing":false says so, `cadence` changes the sending interval, `friend_nearby` is announced.

import { BASE_URL, check, run, setPosition, status, uid } from '../lib.mjs';

await run('messages', async (b) => {
  const { page } = await b.user('messages');
  let toPage;
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => ws.send(m));
    toPage = (msg) => ws.send(JSON.stringify(msg));
  });
  await page.goto(`${BASE_URL}/`);
  await page.getByLabel('User id').fill(uid('msg'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await status(page, 'Live');
  await setPosition(page, { lat: 59.3293, lon: 18.0686 });
  const alerts = page.getByRole('alert');

  toPage({ type: 'error', code: 'implausible', message: 'speed 4000 km/h' });
  await alerts.getByText('The server ignored your position: it is too far from your last one to be reached that fast (speed 4000 km/h).').waitFor();
  toPage({ type: 'error', code: 'stale', message: 'older than 1700000000000' });
  await alerts.getByText(/ignored a position older than the last one/).waitFor();
  toPage({ type: 'error', code: 'rate_limited', message: 'too many updates' });
  await alerts.getByText(/Too many updates at once/).waitFor();
  toPage({ type: 'error', code: 'quota_exceeded', message: 'try tomorrow' });
  await alerts.getByText('The server reported "quota_exceeded" (try tomorrow).').waitFor();

  toPage({ type: 'something_new', payload: [1, 2, 3] }); // ignored, no console error
  toPage({ type: 'friend_nearby', id: 'zed', name: 'Zed', distanceMeters: 300, ts: Date.now() });
  await page.getByRole('status').getByText('Zed is within 300 m of you').waitFor();

  toPage({ type: 'cadence', seconds: 7 });
  await page.getByText('Your position goes to the server every 7 s.').waitFor();

  toPage({ type: 'nearby', page: 0, pageSize: 20, total: 0, friends: [], sharing: false });
  await page.getByText('Your location sharing is off: turn on "Share my location" to see friends nearby.').waitFor();
  check(await alerts.locator('.message').count() === 4, 'four errors shown');
  await alerts.locator('.message').first().getByRole('button', { name: 'Dismiss' }).click();
  check(await alerts.locator('.message').count() === 3, 'an error can be dismissed');
});
