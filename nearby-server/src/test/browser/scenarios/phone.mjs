// A 390x844 phone: no horizontal scrolling before or after sign-in, and every control of the page is reachable
// (scrolled into view it lies within the screen's width, is enabled and not covered, and takes keyboard focus).
// Along the way: sign-in with the keyboard, a friend request from someone else (Accept/Decline), the demo crowd
// (Remove, More), "History" and "Delete my history" with its confirmation.

import { check, rest, run, screenshot, setPosition, setSwitch, status, uid, BASE_URL } from '../lib.mjs';

const WIDTH = 390;

await run('phone', async (b) => {
  const { page } = await b.user('phone', { viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const noSideways = async (when) => {
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    check(scroll <= client, `${when}: the page scrolls sideways (${scroll} px wide in a ${client} px screen)`);
  };
  const reachable = async (locator, what) => {
    await locator.scrollIntoViewIfNeeded();
    const box = await locator.boundingBox();
    check(box && box.x >= 0 && box.x + box.width <= WIDTH + 0.5, `${what} lies outside the screen: ${JSON.stringify(box)}`);
    await locator.click({ trial: true }); // visible, stable, enabled, and receives the tap (nothing covers it)
    await locator.focus();
    check(await locator.evaluate((el) => el === document.activeElement), `${what} takes keyboard focus`);
  };

  await page.goto(`${BASE_URL}/?cadence=2`);
  await reachable(page.getByLabel('User id'), '"User id"');
  await reachable(page.getByRole('button', { name: 'Sign in' }), '"Sign in"');
  await noSideways('sign-in');
  const id = uid('phone');
  await page.getByLabel('User id').fill(id);
  await page.getByLabel('User id').press('Enter'); // the form works from the keyboard
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await status(page, 'Live');

  await page.getByLabel('Display name').fill('Sam');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText(`Signed in as Sam (${id})`).waitFor();
  await setPosition(page, { lat: 48.8584, lon: 2.2945 });
  await setSwitch(page, 'Discoverable', true);
  await page.getByRole('button', { name: 'Start demo' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#radar g.friend').length >= 5, null, { timeout: 30_000 });

  // someone else asks to be friends
  const other = uid('dave');
  const dave = await rest(other);
  await dave.call('PUT', '/api/users/me', { name: 'Dave' });
  await dave.call('POST', `/api/friends/${id}`);
  const request = page.getByRole('list', { name: 'Requests' }).getByRole('listitem').filter({ hasText: other });
  await request.waitFor();

  await page.getByRole('button', { name: 'More' }).waitFor();
  const controls = [
    [page.getByRole('button', { name: 'Sign out' }), '"Sign out"'],
    [page.getByLabel('Display name'), '"Display name"'],
    [page.getByRole('switch', { name: 'Share my location' }), '"Share my location"'],
    [page.getByRole('switch', { name: 'Discoverable' }), '"Discoverable"'],
    [page.getByRole('switch', { name: 'Show people nearby' }), '"Show people nearby"'],
    [page.getByLabel('Friend id'), '"Friend id"'],
    [page.getByRole('button', { name: 'Add friend' }), '"Add friend"'],
    [request.getByRole('button', { name: 'Accept' }), '"Accept"'],
    [request.getByRole('button', { name: 'Decline' }), '"Decline"'],
    [page.getByRole('list', { name: 'Your friends' }).getByRole('button', { name: 'Remove' }).first(), '"Remove"'],
    [page.getByRole('list', { name: 'Your friends' }).getByRole('button', { name: 'Hide my location' }).first(), '"Hide my location"'],
    [page.getByLabel('Ghost for'), '"Ghost for"'],
    [page.getByRole('button', { name: 'Go ghost' }), '"Go ghost"'],
    [page.getByLabel('Alert distance (m)'), '"Alert distance (m)"'],
    [page.getByRole('button', { name: 'Set alert' }), '"Set alert"'],
    [page.getByRole('button', { name: 'Set my position' }), '"Set my position"'],
    [page.getByRole('switch', { name: 'Walk' }), '"Walk"'],
    [page.getByRole('button', { name: 'More' }), '"More"'],
    [page.getByRole('switch', { name: 'History' }), '"History"'],
    [page.getByRole('button', { name: 'Delete my history' }), '"Delete my history"'],
    [page.getByRole('button', { name: 'Stop demo' }), '"Stop demo"'],
    [page.getByRole('button', { name: 'Zoom in' }), '"Zoom in"'],
  ];
  for (const [locator, what] of controls) await reachable(locator, what);
  const list = page.getByRole('list', { name: 'Nearby friends' });
  await list.scrollIntoViewIfNeeded();
  const box = await list.boundingBox();
  check(box.x >= 0 && box.x + box.width <= WIDTH, `"Nearby friends" lies outside the screen: ${JSON.stringify(box)}`);
  await noSideways('signed in, with the demo running');

  // the track of the last hour, then its deletion after the confirmation
  await setSwitch(page, 'History', true);
  await page.waitForFunction(() => /positions in the last hour/.test(document.getElementById('history-text').textContent));
  await page.getByRole('button', { name: 'Delete my history' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your location history?' });
  await reachable(dialog.getByRole('button', { name: 'Delete' }), 'the confirmation\'s "Delete"');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Your location history was deleted').waitFor();

  await request.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('list', { name: 'Your friends' }).locator(`li[data-id="${other}"]`).waitFor();
  await screenshot(page, 'phone-screen', false); // docs/web-client-phone.png
  await screenshot(page, 'phone-full');
  await noSideways('at the end');
  await page.getByRole('button', { name: 'Stop demo' }).click();
  await page.getByRole('button', { name: 'Start demo' }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.getElementById('start-demo').disabled, null, { timeout: 10_000 });
});

