package io.nearby.geo;

/**
 * Whether a user's new fix can follow their last accepted one: not older than it, and not implying a speed above the
 * limit, measured by the two fixes' own timestamps (so a client reconnecting after a long flight, whose last fix is
 * hours old, is fine). {@link #SLACK_METERS} of jitter is always allowed, as GPS fixes wander while standing still.
 * Pure; the limit 0 turns the speed check off (simulations).
 */
public record Plausibility(double maxSpeedKmh) {
    /** Distance allowed whatever the time between the fixes: GPS noise. */
    public static final double SLACK_METERS = 100;

    public enum Verdict { OK, STALE, IMPLAUSIBLE }

    public Plausibility {
        if (!(maxSpeedKmh >= 0) || Double.isInfinite(maxSpeedKmh)) {
            throw new IllegalArgumentException("maxSpeedKmh must be a finite number >= 0, got " + maxSpeedKmh);
        }
    }

    /**
     * @param last    the last accepted fix, or null (then anything goes)
     * @param lastTs  its timestamp, ms
     * @param next    the new fix
     * @param nextTs  its timestamp, ms
     */
    public Verdict check(GeoPoint last, long lastTs, GeoPoint next, long nextTs) {
        if (last == null) {
            return Verdict.OK;
        }
        if (nextTs < lastTs) {
            return Verdict.STALE;
        }
        if (maxSpeedKmh == 0) {
            return Verdict.OK;
        }
        double allowed = SLACK_METERS + maxSpeedKmh / 3.6 * ((nextTs - lastTs) / 1000.0);
        return GreatCircle.meters(last, next) <= allowed ? Verdict.OK : Verdict.IMPLAUSIBLE;
    }

    /** The speed limit in metres per second, for messages. */
    public double maxSpeedMetersPerSecond() {
        return maxSpeedKmh / 3.6;
    }
}
