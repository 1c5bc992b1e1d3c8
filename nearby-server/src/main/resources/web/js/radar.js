// The radar: an SVG centred on the user, rings at quarters of the shown range (the nearby radius, or a half,
// quarter... of it when zoomed in), friends as labelled dots at their bearing and distance, strangers as fuzzy
// blobs (their positions are coarse by design), the user's own track of the last hour as a line.
// Clicking the radar moves the user there (a "Set my position" without typing).

import { bearing, destination, formatDistance, formatScale, haversine } from './geo.js';

const NS = 'http://www.w3.org/2000/svg';
const OUTER = 90;  // viewBox units of the outer ring (the viewBox is -100..100)
const EDGE = 94;   // where markers beyond the range are pinned

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  parent?.appendChild(node);
  return node;
}

export class Radar {
  /** @param svg the <svg> element; @param onPick(lat, lon) a click on the radar */
  constructor(svg, onPick) {
    this.svg = svg;
    this.me = null;
    this.rangeMeters = 1;
    svg.setAttribute('viewBox', '-100 -100 200 200');
    const defs = el('defs', {}, svg);
    const fuzz = el('radialGradient', { id: 'fuzz' }, defs);
    el('stop', { offset: '0%', 'stop-color': '#8a6bd1', 'stop-opacity': '0.75' }, fuzz);
    el('stop', { offset: '100%', 'stop-color': '#8a6bd1', 'stop-opacity': '0' }, fuzz);
    this.rings = el('g', { class: 'rings' }, svg);
    this.track = el('polyline', { class: 'track', points: '' }, svg);
    this.strangers = el('g', { class: 'strangers' }, svg);
    this.friends = el('g', { class: 'friends' }, svg);
    el('circle', { class: 'me', r: 3.5 }, svg);
    this.empty = el('text', { class: 'empty', y: 30, 'text-anchor': 'middle' }, svg);
    svg.addEventListener('click', (event) => {
      if (!this.me) return;
      const pt = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
      const r = Math.hypot(pt.x, pt.y);
      if (r > EDGE + 4) return;
      const meters = (r / OUTER) * this.rangeMeters;
      const deg = (Math.atan2(pt.x, -pt.y) * 180) / Math.PI;
      const p = destination(this.me, (deg + 360) % 360, meters);
      onPick(p.lat, p.lon);
    });
  }

  /** Viewbox coordinates of a point, pinned to the edge when beyond the range. */
  project(p) {
    const d = haversine(this.me, p);
    const b = (bearing(this.me, p) * Math.PI) / 180;
    const r = Math.min(EDGE, (d / this.rangeMeters) * OUTER);
    return { x: Math.sin(b) * r, y: -Math.cos(b) * r, beyond: d > this.rangeMeters, meters: d };
  }

  /**
   * @param view {me, rangeMeters, friends: [{id, name, lat, lon}], strangers: [...], track: [{lat, lon}]}
   */
  render(view) {
    this.me = view.me;
    this.rangeMeters = view.rangeMeters;
    this.drawRings();
    this.empty.textContent = view.me ? '' : 'No position yet';
    this.friends.replaceChildren();
    this.strangers.replaceChildren();
    if (!view.me) {
      this.track.setAttribute('points', '');
      return;
    }
    this.track.setAttribute('points', view.track.map((p) => this.project(p)).map((q) => `${q.x.toFixed(2)},${q.y.toFixed(2)}`).join(' '));
    for (const s of view.strangers) {
      const q = this.project(s);
      const g = el('g', { class: 'stranger', 'data-id': s.id, role: 'img', 'aria-label': `Someone nearby, about ${formatDistance(s.distanceMeters ?? q.meters)}` }, this.strangers);
      el('circle', { cx: q.x.toFixed(2), cy: q.y.toFixed(2), r: 9, fill: 'url(#fuzz)' }, g);
      el('circle', { cx: q.x.toFixed(2), cy: q.y.toFixed(2), r: 5, class: 'halo' }, g);
    }
    for (const f of view.friends) {
      const q = this.project(f);
      const g = el('g', { class: `friend${q.beyond ? ' beyond' : ''}`, 'data-id': f.id, role: 'img', 'aria-label': `${f.name}, ${formatDistance(q.meters)}` }, this.friends);
      el('circle', { cx: q.x.toFixed(2), cy: q.y.toFixed(2), r: 3 }, g);
      // labels go to the right of the dot, or to its left on the right half so that they stay inside the radar
      const left = q.x > 40;
      const label = el('text', { x: (q.x + (left ? -4.5 : 4.5)).toFixed(2), y: (q.y + 1.8).toFixed(2), 'text-anchor': left ? 'end' : 'start' }, g);
      label.textContent = f.name;
    }
  }

  drawRings() {
    this.rings.replaceChildren();
    for (let i = 1; i <= 4; i++) {
      const r = (OUTER * i) / 4;
      el('circle', { r, class: i === 4 ? 'ring outer' : 'ring' }, this.rings);
      const t = el('text', { x: 2, y: -r + 5, class: 'ring-label' }, this.rings);
      t.textContent = formatScale((this.rangeMeters * i) / 4);
    }
    el('line', { x1: 0, y1: -OUTER, x2: 0, y2: OUTER, class: 'axis' }, this.rings);
    el('line', { x1: -OUTER, y1: 0, x2: OUTER, y2: 0, class: 'axis' }, this.rings);
    const n = el('text', { x: 0, y: -OUTER - 2, 'text-anchor': 'middle', class: 'north' }, this.rings);
    n.textContent = 'N';
  }
}
