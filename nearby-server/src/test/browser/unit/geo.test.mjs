// Unit tests of the page's geometry and units (js/geo.js), run with `node --test unit/` (no browser).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearing, destination, formatAge, formatDistance, formatScale, haversine, usesMiles } from '../../../main/resources/web/js/geo.js';

test('haversine agrees with the server on the example of docs/protocol.md (1002.1 m)', () => {
  assert.equal(Math.round(haversine({ lat: 37.7749, lon: -122.4194 }, { lat: 37.78, lon: -122.41 }) * 10) / 10, 1002.1);
});

test('destination then haversine and bearing come back to the distance and the direction', () => {
  const from = { lat: 51.5, lon: -0.12 };
  for (const [b, m] of [[0, 1000], [45, 2500], [200, 8046.72]]) {
    const to = destination(from, b, m);
    assert.ok(Math.abs(haversine(from, to) - m) < 0.01, `distance for ${b}°`);
    const off = Math.abs(((bearing(from, to) - b + 540) % 360) - 180);
    assert.ok(off < 0.01, `bearing for ${b}°: off by ${off}`);
  }
});

test('destination crosses the antimeridian with a longitude in [-180, 180)', () => {
  const to = destination({ lat: 0, lon: 179.999 }, 90, 1000);
  assert.ok(to.lon < -179.99 && to.lon >= -180, String(to.lon));
});

test('metric locales read metres to the metre up to 10 km, then km', () => {
  assert.equal(formatDistance(1002.4, 'en-IE'), '1,002 m');
  assert.equal(formatDistance(87.6, 'en-IE'), '88 m');
  assert.equal(formatDistance(25_040, 'en-IE'), '25.0 km');
  assert.equal(formatDistance(25_040, 'de-DE'), '25,0 km');
});

test('imperial locales read feet, then miles', () => {
  assert.ok(usesMiles('en-US') && usesMiles('en-GB') && !usesMiles('en-IE') && !usesMiles('fr-FR'));
  assert.equal(formatDistance(250, 'en-US'), '820 ft');
  assert.equal(formatDistance(1002.4, 'en-US'), '0.62 mi');
  assert.equal(formatDistance(20_000, 'en-US'), '12.4 mi');
});

test('scales are round: the 5-mile radius is "8 km" or "5 mi"', () => {
  assert.equal(formatScale(8046.72, 'en-IE'), '8 km');
  assert.equal(formatScale(8046.72, 'en-US'), '5 mi');
  assert.equal(formatScale(2011.68, 'en-US'), '1.3 mi');
  assert.equal(formatScale(502.9, 'en-IE'), '500 m');
});

test('ages count seconds, then minutes and hours, never below zero', () => {
  const now = 1_700_000_000_000;
  assert.equal(formatAge(now - 3_400, now), 'updated 3 s ago');
  assert.equal(formatAge(now + 2_000, now), 'updated 0 s ago');
  assert.equal(formatAge(now - 125_000, now), 'updated 2 min ago');
  assert.equal(formatAge(now - 7_300_000, now), 'updated 2 h ago');
});
