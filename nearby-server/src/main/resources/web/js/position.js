// Where the user is, from one of three sources:
//  - 'device': the browser's geolocation, when the user permits it (watchPosition);
//  - 'manual': a position typed in or clicked on the radar ("Set my position");
//  - 'walk':   a simulated walk from the current position along a street grid at 5 km/h ("Walk"), so that a
//              person on a desktop can see themselves move.
// This module only tracks the position; app.js decides when to send it (at the protocol's cadence).

import { destination, haversine } from './geo.js';

const WALK_KMH = 5;
const WALK_TICK_MS = 1000;
const BLOCK_MIN_M = 80;
const BLOCK_MAX_M = 220;
const WALK_LEASH_M = 1500; // beyond this from where the walk started, the walker turns back

export class Position {
  /** @param onChange(pos, source) called on every change; pos = {lat, lon} */
  constructor(onChange) {
    this.onChange = onChange;
    this.current = null;
    this.source = 'none';
    this.watchId = null;
    this.deviceFix = null;   // the latest fix from the device, even while another source is in use
    this.deviceProblem = null;
    this.walkTimer = null;
  }

  /** Asks the browser for its position; harmless when the user refuses (then only manual and walk work). */
  watchDevice(onProblem) {
    if (!('geolocation' in navigator) || this.watchId !== null) return;
    this.watchId = navigator.geolocation.watchPosition(
      (fix) => {
        this.deviceFix = { lat: fix.coords.latitude, lon: fix.coords.longitude };
        this.deviceProblem = null;
        if (this.source === 'none' || this.source === 'device') this.update(this.deviceFix, 'device');
      },
      (err) => {
        this.deviceProblem = err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable';
        onProblem?.(this.deviceProblem);
      },
      { enableHighAccuracy: true, maximumAge: 15_000, timeout: 30_000 },
    );
  }

  stopDevice() {
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
  }

  /** Back to the device's position (after a manual position or a walk). */
  useDevice() {
    this.stopWalk();
    if (this.deviceFix) this.update(this.deviceFix, 'device');
    else this.source = 'device';
  }

  set(lat, lon) {
    this.stopWalk();
    this.update({ lat, lon }, 'manual');
  }

  get walking() {
    return this.walkTimer !== null;
  }

  startWalk() {
    if (!this.current || this.walking) return false;
    const origin = this.current;
    let heading = 90 * Math.floor(Math.random() * 4);
    let blockLeft = BLOCK_MIN_M + Math.random() * (BLOCK_MAX_M - BLOCK_MIN_M);
    const metersPerTick = (WALK_KMH / 3.6) * (WALK_TICK_MS / 1000);
    this.source = 'walk';
    this.walkTimer = setInterval(() => {
      let left = metersPerTick;
      let p = this.current;
      while (left > 0) {
        const step = Math.min(left, blockLeft);
        p = destination(p, heading, step);
        left -= step;
        blockLeft -= step;
        if (blockLeft <= 0) {
          // a corner: straight on, or left, or right; back towards the start when too far from it
          const back = haversine(p, origin) > WALK_LEASH_M;
          heading = back ? towards(p, origin) : [heading, (heading + 90) % 360, (heading + 270) % 360][Math.random() < 0.6 ? 0 : 1 + Math.floor(Math.random() * 2)];
          blockLeft = BLOCK_MIN_M + Math.random() * (BLOCK_MAX_M - BLOCK_MIN_M);
        }
      }
      this.update(p, 'walk');
    }, WALK_TICK_MS);
    return true;
  }

  stopWalk() {
    clearInterval(this.walkTimer);
    this.walkTimer = null;
    if (this.source === 'walk') this.source = 'manual';
  }

  update(pos, source) {
    this.current = { lat: pos.lat, lon: pos.lon };
    this.source = source;
    this.onChange(this.current, source);
  }
}

/** The compass direction (0/90/180/270) that best leads from p towards q. */
function towards(p, q) {
  const north = q.lat - p.lat;
  const east = (q.lon - p.lon) * Math.cos((p.lat * Math.PI) / 180);
  if (Math.abs(north) >= Math.abs(east)) return north >= 0 ? 0 : 180;
  return east >= 0 ? 90 : 270;
}
