// alice and bob, each in their own browser context: sign in, befriend each other through the page, share,
// stand 1 km apart; bob walks and alice's "Nearby friends" shows him at the right distance (within 0.5 % of the
// haversine between what the two pages last sent) with an "updated N s ago" that keeps counting; bob turns
// "Share my location" off and leaves alice's list within 2 s.

import {
  check, haversine, metres, nearbyEntry, offset, run, screenshot, sentPosition, setPosition, setSwitch, signIn, uid,
} from '../lib.mjs';

const HOME = { lat: 37.7749, lon: -122.4194 };

await run('friends', async (b) => {
  const alice = await b.user('alice');
  const bob = await b.user('bob');
  const aliceId = uid('alice');
  const bobId = uid('bob');
  await signIn(alice.page, aliceId);
  await signIn(bob.page, bobId, '?cadence=5');

  // alice asks, bob sees the request (the page polls its friend lists) and accepts
  await alice.page.getByLabel('Friend id').fill(bobId);
  await alice.page.getByRole('button', { name: 'Add friend' }).click();
  const request = bob.page.getByRole('list', { name: 'Requests' }).getByRole('listitem').filter({ hasText: aliceId });
  await request.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  for (const [me, other] of [[alice, bobId], [bob, aliceId]]) {
    await me.page.getByRole('list', { name: 'Your friends' }).getByRole('listitem').filter({ hasText: other })
      .getByRole('button', { name: 'Remove' }).waitFor();
  }

  await setSwitch(alice.page, 'Share my location', true);
  await setSwitch(bob.page, 'Share my location', true);
  await setPosition(alice.page, HOME);
  const start = offset(HOME, 45, 1000);
  await setPosition(bob.page, start);

  const entry = nearbyEntry(alice.page, bobId);
  await entry.waitFor();

  // bob walks; wait until he has sent a position at least 5 m from where he stood, and alice shows it
  await setSwitch(bob.page, 'Walk', true);
  await bob.page.waitForFunction(([lat, lon]) => {
    const d = document.getElementById('position-text').dataset;
    return Math.hypot((Number(d.sentLat) - lat) * 111_195, (Number(d.sentLon) - lon) * 88_000) > 5;
  }, [start.lat, start.lon], { timeout: 20_000 });
  // stop there: the last position bob sent stays what the server has (the cadence repeats it)
  await setSwitch(bob.page, 'Walk', false);
  const aliceAt = await sentPosition(alice.page);
  const bobAt = await sentPosition(bob.page);
  const expected = haversine(aliceAt, bobAt);
  // the text has whole metres: 0.5 % of the distance, plus the rounding
  await alice.page.waitForFunction(([id, want]) => {
    const text = document.querySelector(`#nearby-list li[data-id="${id}"] .distance`)?.textContent ?? '';
    const shown = Number(text.replace(/[^\d.]/g, '')) * (text.endsWith('km') ? 1000 : 1);
    return text.endsWith(' m') || text.endsWith(' km') ? Math.abs(shown - want) <= 0.005 * want + 0.5 : false;
  }, [bobId, expected], { timeout: 10_000 }).catch(async () => {
    throw new Error(`alice shows "${await entry.locator('.distance').textContent()}", expected ${expected.toFixed(1)} m`);
  });
  console.log(`alice shows bob at ${metres(await entry.locator('.distance').textContent())} m; haversine ${expected.toFixed(1)} m`);
  check(await entry.locator('.name').textContent() === bobId, 'bob is listed by name');

  // "updated N s ago" keeps counting between two of bob's updates (he sends every 5 s): right after one it reads
  // 0 or 1 s, and it must reach 2 s before the next
  const ageOf = (id) => Number(/^updated (\d+) s ago$/.exec(document.querySelector(`#nearby-list li[data-id="${id}"] .age`)?.textContent ?? '')?.[1] ?? NaN);
  await alice.page.waitForFunction(`(${ageOf})(${JSON.stringify(bobId)}) <= 1`, null, { timeout: 10_000 });
  await alice.page.waitForFunction(`(${ageOf})(${JSON.stringify(bobId)}) >= 2`, null, { timeout: 3_000 });
  console.log(`alice's entry for bob: ${await entry.locator('.age').textContent()}`);
  check(await alice.page.getByRole('list', { name: 'Nearby friends' }).locator(`li[data-id="${bobId}"]`).count() === 1, 'bob listed once');
  await screenshot(alice.page, 'friends-desktop');

  // bob stops sharing: gone from alice's list within 2 s
  const clicked = Date.now();
  await bob.page.getByRole('switch', { name: 'Share my location' }).click();
  await entry.waitFor({ state: 'detached', timeout: 2_000 });
  console.log(`bob left alice's list ${Date.now() - clicked} ms after he turned sharing off`);
  await alice.page.getByText(`${bobId} stopped sharing their location`).waitFor();
  await setSwitch(bob.page, 'Share my location', false);
});
