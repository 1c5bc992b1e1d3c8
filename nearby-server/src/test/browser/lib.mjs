// Shared helpers of the browser scenarios: Debian's Chromium through playwright-core, one context per user,
// waits on conditions (never sleeps), console errors collected per page, screenshots under ARTIFACTS.
//
// Environment (set by WebClientIT): BASE_URL (the server), ARTIFACTS (a directory under target/),
// CHROMIUM [/usr/bin/chromium].

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';
export const ARTIFACTS = process.env.ARTIFACTS ?? 'target/browser';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// the flags that work on this kind of machine (no sandbox as root, no network beyond loopback)
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (the protocol's haversine), computed here independently of the page. */
export function haversine(a, b) {
  const r = (d) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** The point `meters` north-east-ish of `p` (bearing in degrees). */
export function offset(p, bearingDeg, meters) {
  const d = meters / EARTH_RADIUS_M;
  const t = (bearingDeg * Math.PI) / 180;
  const p1 = (p.lat * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l = Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: (p2 * 180) / Math.PI, lon: p.lon + (l * 180) / Math.PI };
}

/** A user id no other run uses: tests share the server of their class. */
export function uid(base) {
  return `${base}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Console errors and page errors of one page. `allow(text, url)` names the few messages Chromium itself logs
 * for answers the protocol defines: the 404 of GET /api/users/me before a profile exists (the page then creates
 * it), and, only where a scenario opens a window for them, failed connections while the server restarts.
 */
class ConsoleWatch {
  constructor(page, name) {
    this.name = name;
    this.errors = [];
    this.windows = [];
    page.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location()?.url ?? '';
      if (this.allowed(m.text(), url)) return;
      this.errors.push(`console error: ${m.text()} (${url})`);
    });
  }

  allowed(text, url) {
    if (/status of 404/.test(text) && url.endsWith('/api/users/me')) return true;
    return this.windows.some((w) => w.open && w.pattern.test(text));
  }

  /** Allows messages matching `pattern` until the returned function is called. */
  allowWhile(pattern) {
    const w = { pattern, open: true };
    this.windows.push(w);
    return () => { w.open = false; };
  }

  assertClean() {
    check(this.errors.length === 0, `${this.name}: ${this.errors.length} console error(s):\n  ${this.errors.join('\n  ')}`);
  }
}

/** One browser for a scenario; `user()` opens a fresh context (own storage, own locale and viewport). */
export async function browser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const b = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const watches = [];
  return {
    async user(name, options = {}) {
      const context = await b.newContext({ locale: 'en-IE', viewport: { width: 1280, height: 900 }, ...options });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const watch = new ConsoleWatch(page, name);
      watches.push(watch);
      return { name, page, context, watch };
    },
    assertNoConsoleErrors() {
      watches.forEach((w) => w.assertClean());
    },
    close: () => b.close(),
  };
}

/** Opens the page and signs in with the dev-mode form (creates the profile if absent); waits until Live. */
export async function signIn(page, userId, query = '?cadence=2') {
  await page.goto(`${BASE_URL}/${query}`);
  await page.getByLabel('User id').fill(userId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await status(page, 'Live');
}

/** Waits until the connection status reads exactly `text`. */
export async function status(page, text, timeout = 15_000) {
  await page.waitForFunction((t) => document.getElementById('status')?.textContent === t, text, { timeout });
}

/** Turns a switch on or off through a click, then waits until it shows the server's answer. */
export async function setSwitch(page, name, on) {
  const sw = page.getByRole('switch', { name, exact: true });
  if ((await sw.isChecked()) !== on) await sw.click();
  await page.waitForFunction(([n, v]) => {
    const input = [...document.querySelectorAll('input[role=switch]')].find((i) => i.labels[0]?.textContent.trim() === n);
    return input && input.checked === v && !input.disabled;
  }, [name, on]);
}

export async function setPosition(page, p) {
  await page.getByLabel('Latitude').fill(String(p.lat));
  await page.getByLabel('Longitude').fill(String(p.lon));
  await page.getByRole('button', { name: 'Set my position' }).click();
  await page.waitForFunction(([lat, lon]) => {
    const d = document.getElementById('position-text').dataset;
    return Number(d.sentLat) === lat && Number(d.sentLon) === lon;
  }, [Math.round(p.lat * 1e6) / 1e6, Math.round(p.lon * 1e6) / 1e6]);
}

/** The position the page last sent to the server. */
export async function sentPosition(page) {
  return page.evaluate(() => {
    const d = document.getElementById('position-text').dataset;
    return { lat: Number(d.sentLat), lon: Number(d.sentLon), ts: Number(d.sentTs) };
  });
}

/** The entry of `id` in the list "Nearby friends". */
export function nearbyEntry(page, id) {
  return page.getByRole('list', { name: 'Nearby friends' }).locator(`li[data-id="${id}"]`);
}

/** Parses "1,002 m" / "12.3 km" (en-IE) into metres. */
export function metres(text) {
  const m = /^([\d,.]+) (m|km)$/.exec(text.trim());
  check(m, `not a distance in m/km: "${text}"`);
  const n = Number(m[1].replace(/,/g, ''));
  return m[2] === 'km' ? n * 1000 : n;
}

/** REST as a user, outside any page (setting up other users). */
export async function rest(userId) {
  const token = (await (await fetch(`${BASE_URL}/api/dev/token`, { method: 'POST', body: JSON.stringify({ userId }) })).json()).token;
  const call = async (method, path, body) => {
    const res = await fetch(BASE_URL + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${userId}: ${method} ${path} → ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  return { token, call };
}

/** A PNG under ARTIFACTS: the whole page, or (fullPage false) what the screen shows from the top. */
export async function screenshot(page, name, fullPage = true) {
  const path = join(ARTIFACTS, `${name}.png`);
  if (!fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  console.log(`screenshot ${path}`);
}

/** Asks the Java side (WebClientIT) to do something, e.g. restart the server; resolves on its answer line. */
const stdin = createInterface({ input: process.stdin });
const answers = [];
let waiting = null;
stdin.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : answers.push(line)));
export function askHarness(request) {
  console.log(`@@${request}`);
  return new Promise((resolve) => (answers.length ? resolve(answers.shift()) : (waiting = resolve)));
}

/** Runs a scenario: prints how long it took, exits 1 with the error otherwise. */
export async function run(name, body) {
  const started = Date.now();
  const b = await browser();
  try {
    await body(b);
    b.assertNoConsoleErrors();
    console.log(`scenario ${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`scenario ${name}: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s\n${e.stack ?? e}`);
    process.exitCode = 1;
  } finally {
    await b.close();
    stdin.close();
  }
}
