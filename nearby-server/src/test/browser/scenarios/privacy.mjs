// alice and bob are friends 1 km apart, both sharing. alice sets a 500 m alert: bob goes to 300 m and alice is told
// ("… is within … of you"; once per crossing is the server's rule, tested in ProximityAlertIT). bob hides his location from alice with "Hide my location": he leaves her list within
// 2 s, and the button turns into "Show my location", which brings him back. bob goes ghost for an hour: he leaves
// alice's list again, his page says until when, and his "Share my location" switch is off.

import { check, nearbyEntry, offset, rest, run, setPosition, setSwitch, signIn, uid } from '../lib.mjs';

const HOME = { lat: 52.52, lon: 13.405 };

await run('privacy', async (b) => {
  const alice = await b.user('alice');
  const bob = await b.user('bob');
  const aliceId = uid('alice');
  const bobId = uid('bob');
  await signIn(alice.page, aliceId);
  await signIn(bob.page, bobId);
  await (await rest(aliceId)).call('POST', `/api/friends/${bobId}`);
  await (await rest(bobId)).call('POST', `/api/friends/${aliceId}`);
  await setSwitch(alice.page, 'Share my location', true);
  await setSwitch(bob.page, 'Share my location', true);
  await setPosition(alice.page, HOME);
  await setPosition(bob.page, offset(HOME, 90, 1000));
  const entry = nearbyEntry(alice.page, bobId);
  await entry.waitFor();

  // proximity alert
  await alice.page.getByLabel('Alert distance (m)').fill('500');
  await alice.page.getByRole('button', { name: 'Set alert' }).click();
  await alice.page.getByText('You will be told when a friend comes within 500 m').waitFor();
  await setPosition(bob.page, offset(HOME, 90, 300));
  await alice.page.getByText(new RegExp(`^${bobId} is within 3\\d\\d m of you$`)).waitFor({ timeout: 10_000 });

  // hide from alice, then show again
  const bobsFriend = bob.page.getByRole('list', { name: 'Your friends' }).locator(`li[data-id="${aliceId}"]`);
  const clicked = Date.now();
  await bobsFriend.getByRole('button', { name: 'Hide my location' }).click();
  await entry.waitFor({ state: 'detached', timeout: 2_000 });
  console.log(`bob left alice's list ${Date.now() - clicked} ms after "Hide my location"`);
  await bobsFriend.getByRole('button', { name: 'Show my location' }).click();
  await entry.waitFor({ timeout: 5_000 });

  // ghost for an hour
  await bob.page.getByLabel('Ghost for').selectOption('60');
  await bob.page.getByRole('button', { name: 'Go ghost' }).click();
  await entry.waitFor({ state: 'detached', timeout: 2_000 });
  await bob.page.getByText(/^Ghost until .*: friends do not see you; sharing comes back by itself\.$/).waitFor();
  check(!(await bob.page.getByRole('switch', { name: 'Share my location' }).isChecked()), 'sharing shows off during the ghost');
});
