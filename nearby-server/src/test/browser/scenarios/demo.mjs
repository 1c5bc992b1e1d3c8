// "Start demo": a signed-in user presses the button and at least 5 demo friends appear on the radar and in
// "Nearby friends" (within 30 s, the bound), their distances change as they walk, and "More" pages
// through a list longer than a page (the test server's NEARBY_PAGE_SIZE is 5). Discoverable + "Show people
// nearby" bring the demo's strangers as fuzzy markers. "Stop demo": they leave.

import { check, nearbyEntry, run, screenshot, setPosition, setSwitch, signIn, uid } from '../lib.mjs';

await run('demo', async (b) => {
  const { page } = await b.user('demo-host');
  const id = uid('host');
  await signIn(page, id);
  // the profile: a display name instead of the id (PUT /api/users/me)
  await page.getByLabel('Display name').fill('Alice');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText(`Signed in as Alice (${id})`).waitFor();
  await setPosition(page, { lat: 51.5007, lon: -0.1246 });

  const started = Date.now();
  await page.getByRole('button', { name: 'Start demo' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#radar g.friend').length >= 5, null, { timeout: 30_000 });
  console.log(`${await page.locator('#radar g.friend').count()} friends on the radar ${Date.now() - started} ms after "Start demo"`);
  check(await page.getByRole('switch', { name: 'Share my location' }).isChecked(), 'the demo turned sharing on');

  // they move: some friend's distance changes (each demo user sends every 3-5 s)
  const distances = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#nearby-list li')]
    .map((li) => [li.dataset.id, li.querySelector('.distance').dataset.meters])));
  const before = await distances();
  await page.waitForFunction((b0) => [...document.querySelectorAll('#nearby-list li')]
    .some((li) => b0[li.dataset.id] !== undefined && b0[li.dataset.id] !== li.querySelector('.distance').dataset.meters), before, { timeout: 10_000 });

  // 5 per page: "More" shows the next five (and asks the server for its next page)
  const list = page.getByRole('list', { name: 'Nearby friends' });
  check(await list.getByRole('listitem').count() === 5, `one page of 5, got ${await list.getByRole('listitem').count()}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#nearby-list li').length > 5);
  const ids = await list.getByRole('listitem').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  check(new Set(ids).size === ids.length, `no one listed twice: ${ids}`);

  // people nearby: the demo's strangers, shown fuzzy (their positions are coarse)
  await setSwitch(page, 'Discoverable', true);
  await page.getByRole('switch', { name: 'Show people nearby' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#radar g.stranger').length >= 1, null, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await screenshot(page, 'demo-desktop');
  await screenshot(page, 'demo-desktop-screen', false); // docs/web-client-desktop.png
  await page.getByRole('switch', { name: 'Show people nearby' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#radar g.stranger').length === 0);

  // the demo friends are friends through the normal API, and leave when the demo stops
  const firstFriend = ids[0];
  await page.getByRole('list', { name: 'Your friends' }).locator(`li[data-id="${firstFriend}"]`).waitFor();
  await page.getByRole('button', { name: 'Stop demo' }).click();
  await nearbyEntry(page, firstFriend).waitFor({ state: 'detached', timeout: 5_000 });
  await page.waitForFunction(() => document.querySelectorAll('#radar g.friend').length === 0, null, { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('#friend-list li').length === 0, null, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Start demo' }).waitFor();
  check(await page.getByRole('button', { name: 'Start demo' }).isEnabled(), '"Start demo" is available again');
});
