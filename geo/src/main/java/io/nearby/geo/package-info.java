/**
 * Geography for Nearby Friends: positions, great-circle distance, validation of client-supplied
 * locations, the "nearby" radius, geohash cells for the random-nearby channels, and the coarsening
 * that keeps strangers' positions fuzzy.
 *
 * <p>Everything here is pure (no I/O, no shared mutable state) and safe to call from any thread.
 * Untrusted input is checked with {@link io.nearby.geo.LocationValidator} or
 * {@link io.nearby.geo.CoordinateValidator#point(double, double)}, which return a {@link io.nearby.geo.Validated}
 * result and never throw.
 */
package io.nearby.geo;
