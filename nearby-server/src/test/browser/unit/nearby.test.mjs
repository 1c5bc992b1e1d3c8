// Unit tests of the page's model of who is nearby (js/nearby.js) and of its words for server messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NearbyModel } from '../../../main/resources/web/js/nearby.js';
import { closeWords, errorWords, goneWords } from '../../../main/resources/web/js/words.js';
import { statusText } from '../../../main/resources/web/js/connection.js';

const me = { lat: 37.7749, lon: -122.4194 };
const f = (id, lat, lon, ts = 1) => ({ id, name: id.toUpperCase(), avatarUrl: '', lat, lon, distanceMeters: 0, ts });

test('page 0 replaces every friend: a re-init after a reconnect never lists anyone twice', () => {
  const m = new NearbyModel();
  m.page({ type: 'nearby', page: 0, pageSize: 2, total: 3, friends: [f('a', 37.78, -122.41), f('b', 37.776, -122.42)] });
  m.friendLocation({ type: 'friend_location', ...f('c', 37.79, -122.41) });
  m.page({ type: 'nearby', page: 0, pageSize: 2, total: 2, friends: [f('a', 37.78, -122.41), f('c', 37.79, -122.41)] });
  assert.deepEqual([...m.friends.keys()].sort(), ['a', 'c']);
  assert.equal(m.sortedFriends(me).length, 2);
});

test('later pages add; "More" knows when the server has more', () => {
  const m = new NearbyModel();
  m.page({ type: 'nearby', page: 0, pageSize: 2, total: 3, friends: [f('a', 37.78, -122.41), f('b', 37.776, -122.42)] });
  assert.equal(m.morePagesOnServer(), true);
  m.page({ type: 'nearby', page: 1, pageSize: 2, total: 3, friends: [f('c', 37.79, -122.41)] });
  assert.equal(m.morePagesOnServer(), false);
  assert.equal(m.friends.size, 3);
});

test('friend_location moves a friend, keeps the avatar of the page; friend_gone removes it', () => {
  const m = new NearbyModel();
  m.page({ type: 'nearby', page: 0, pageSize: 20, total: 1, friends: [{ ...f('a', 37.78, -122.41), avatarUrl: 'https://x/a.png' }] });
  m.friendLocation({ type: 'friend_location', id: 'a', name: 'A', lat: 37.781, lon: -122.41, distanceMeters: 1, ts: 2 });
  assert.equal(m.friends.get('a').avatarUrl, 'https://x/a.png');
  assert.equal(m.friends.get('a').lat, 37.781);
  assert.equal(m.friendGone({ type: 'friend_gone', id: 'a', reason: 'inactive' }).name, 'A');
  assert.equal(m.friends.size, 0);
  assert.equal(m.friendGone({ type: 'friend_gone', id: 'zzz', reason: 'inactive' }), undefined);
});

test('nearest first, by the distance from where I am now', () => {
  const m = new NearbyModel();
  m.friendLocation({ type: 'friend_location', ...f('far', 37.8, -122.4) });
  m.friendLocation({ type: 'friend_location', ...f('near', 37.775, -122.4194) });
  const sorted = m.sortedFriends(me);
  assert.deepEqual(sorted.map((x) => x.id), ['near', 'far']);
  assert.ok(Math.abs(sorted[0].distanceMeters - 11.1) < 0.1);
});

test('a page with "sharing":false is remembered (reciprocity: no locations while not sharing)', () => {
  const m = new NearbyModel();
  m.page({ type: 'nearby', page: 0, pageSize: 20, total: 0, friends: [], sharing: false });
  assert.equal(m.sharing, false);
  m.page({ type: 'nearby', page: 0, pageSize: 20, total: 0, friends: [] });
  assert.equal(m.sharing, true);
});

test('every error code is shown in words, unknown ones with the server\'s code and message', () => {
  for (const code of ['bad_request', 'not_initialized', 'not_friend', 'not_discoverable', 'rate_limited', 'too_large', 'internal', 'implausible', 'stale']) {
    assert.ok(errorWords(code, 'detail').endsWith('(detail).'), code);
    assert.ok(!errorWords(code).includes(code), `${code} has its own words`);
  }
  assert.equal(errorWords('brand_new', 'why'), 'The server reported "brand_new" (why).');
});

test('gone reasons and close codes have words; unknown ones are still shown', () => {
  assert.equal(goneWords('Bob', 'sharing_off'), 'Bob stopped sharing their location');
  assert.equal(goneWords('Bob', 'teleported'), 'Bob left (teleported)');
  assert.match(closeWords(1001, ''), /restarting/);
  assert.match(closeWords(4001, 'replaced by a newer connection'), /replaced/);
  assert.equal(closeWords(1000, ''), null);
});

test('status texts', () => {
  assert.equal(statusText({ state: 'live' }), 'Live');
  assert.equal(statusText({ state: 'reconnecting', seconds: 3 }), 'Reconnecting in 3 s');
  assert.equal(statusText({ state: 'offline' }), 'Offline');
});
