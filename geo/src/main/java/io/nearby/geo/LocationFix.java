package io.nearby.geo;

import java.util.Objects;

/**
 * A user's position at a moment: {@code ts} is the client's time of the fix in milliseconds since the
 * epoch (UTC). Untrusted input is turned into a fix by {@link LocationValidator}, which also checks
 * {@code ts} against the server clock; the constructor only guards what holds without a clock.
 */
public record LocationFix(GeoPoint point, long ts) {

    /** @throws IllegalArgumentException if {@code ts <= 0} */
    public LocationFix {
        Objects.requireNonNull(point, "point");
        if (ts <= 0) {
            throw new IllegalArgumentException("ts must be milliseconds since the epoch (> 0), got " + ts);
        }
    }
}
