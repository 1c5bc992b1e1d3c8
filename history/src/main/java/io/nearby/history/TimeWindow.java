package io.nearby.history;

/**
 * An inclusive range of point times, milliseconds since the epoch.
 *
 * @param from earliest ts (inclusive)
 * @param to   latest ts (inclusive), not before {@code from}
 */
public record TimeWindow(long from, long to) {
    public TimeWindow {
        if (from > to) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    /** This window cut to {@code other}, or null when they do not overlap. */
    public TimeWindow intersect(TimeWindow other) {
        long f = Math.max(from, other.from);
        long t = Math.min(to, other.to);
        return f <= t ? new TimeWindow(f, t) : null;
    }
}
