// Geometry and units for the page. Distances are great-circle (haversine) on the sphere the protocol fixes,
// R = 6,371,008.8 m, so what the page computes agrees with the server's distanceMeters.

export const EARTH_RADIUS_M = 6_371_008.8;
export const METERS_PER_MILE = 1609.344;
const FEET_PER_METER = 3.280839895;

const rad = (deg) => (deg * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;

/** Distance in metres between two {lat, lon} points. */
export function haversine(a, b) {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

/** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearing(a, b) {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

/** The point `meters` from `from` along the great circle starting at `bearingDeg`. */
export function destination(from, bearingDeg, meters) {
  const d = meters / EARTH_RADIUS_M;
  const t = rad(bearingDeg);
  const p1 = rad(from.lat);
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l = Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: deg(p2), lon: ((from.lon + deg(l) + 540) % 360) - 180 };
}

/** True when the locale's region measures road distances in miles (US, Liberia, Myanmar; the UK too). */
export function usesMiles(locale) {
  const region = (() => {
    try { return new Intl.Locale(locale).maximize().region; } catch { return undefined; }
  })();
  return ['US', 'LR', 'MM', 'GB'].includes(region);
}

/**
 * A round distance for scales (the radar's rings, the radius): "500 m", "2 km", "8 km", "1.3 mi", "5 mi".
 */
export function formatScale(meters, locale = navigator.language) {
  const n = (value) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (usesMiles(locale)) {
    const miles = meters / METERS_PER_MILE;
    return miles < 0.2 ? `${n(Math.round(meters * FEET_PER_METER / 10) * 10)} ft` : `${n(Math.round(miles * 10) / 10)} mi`;
  }
  return meters < 1000 ? `${n(Math.round(meters / 10) * 10)} m` : `${n(Math.round(meters / 100) / 10)} km`;
}

/**
 * A distance as people read it in their locale: "850 m", "1,234 m", "12.3 km"; or "850 ft", "0.62 mi", "12.3 mi".
 * Metres are whole up to 10 km, so a friend 1 km away reads to the metre.
 */
export function formatDistance(meters, locale = navigator.language) {
  const n = (value, digits) => value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (usesMiles(locale)) {
    const feet = meters * FEET_PER_METER;
    if (feet < 1000) return `${n(Math.round(feet), 0)} ft`;
    const miles = meters / METERS_PER_MILE;
    return miles < 10 ? `${n(miles, 2)} mi` : `${n(miles, 1)} mi`;
  }
  return meters < 10_000 ? `${n(Math.round(meters), 0)} m` : `${n(meters / 1000, 1)} km`;
}

/** "updated 0 s ago", "updated 12 s ago", "updated 3 min ago", "updated 2 h ago" for a ts in ms since the epoch. */
export function formatAge(ts, now = Date.now()) {
  const s = Math.max(0, Math.floor((now - ts) / 1000));
  if (s < 60) return `updated ${s} s ago`;
  if (s < 3600) return `updated ${Math.floor(s / 60)} min ago`;
  return `updated ${Math.floor(s / 3600)} h ago`;
}
