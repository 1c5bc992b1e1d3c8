package io.nearby.server.config;

import java.time.Duration;

/**
 * The server-driven update cadence (issue 15 item 4): how often the server asks each client to send its location. The
 * normal period is the protocol's (a client that ignores {@code cadence} sends that often) and the shortest the server
 * asks for but for the {@link #alert} interval; while no friend could reach the radius soon, the server asks for up to
 * {@link #longest}, so that at speeds up to {@link #closingSpeedKmh} no friend can be within the radius for longer
 * than about one normal period before one of the two sends (the rule is in {@code session.Cadence}; docs/protocol.md
 * states it).
 *
 * @param normal          NEARBY_CADENCE_SECONDS [30]: the normal period, the shortest interval asked for but for alert
 * @param longest         NEARBY_CADENCE_MAX_SECONDS [300], at most half of NEARBY_INACTIVE_SECONDS (a user who sends
 *                        that seldom must never look inactive, even after one lost update); 0 turns the feature off:
 *                        no {@code cadence} messages, every client keeps the normal period
 * @param closingSpeedKmh NEARBY_CADENCE_SPEED_KMH [120]: the fastest two friends close in on each other (the sum of
 *                        their ground speeds) that the long intervals still cover
 * @param alert           NEARBY_CADENCE_ALERT_SECONDS [10], at most the normal period: the interval asked of a user who
 *                        is moving ({@link #MOVING_METERS_PER_SECOND}) while a friend they see is within the proximity
 *                        alert's exit distance of either one's alert distance, so that the alert (and the meeting it is
 *                        for) is not up to one normal period late; 0: never shorter than the normal period
 */
public record CadenceRules(Duration normal, Duration longest, double closingSpeedKmh, Duration alert) {
    public static final int DEFAULT_NORMAL_SECONDS = 30;
    public static final int DEFAULT_LONGEST_SECONDS = 300;
    public static final double DEFAULT_CLOSING_SPEED_KMH = 120;
    public static final int DEFAULT_ALERT_SECONDS = 10;
    /**
     * A user is moving when their latest update is at least this fast from the one before (by the updates' own
     * timestamps): a slow walk (≈1.4 m/s) is, a phone lying still with a few metres of GPS noise between updates
     * 10 s or more apart is not.
     */
    public static final double MOVING_METERS_PER_SECOND = 1.0;
    /** No {@code cadence} messages at all. */
    public static final CadenceRules OFF = new CadenceRules(Duration.ofSeconds(DEFAULT_NORMAL_SECONDS), Duration.ZERO,
            DEFAULT_CLOSING_SPEED_KMH, Duration.ZERO);

    public CadenceRules {
        if (normal.isNegative() || normal.isZero() || longest.isNegative() || !(closingSpeedKmh > 0)
                || alert.isNegative() || alert.compareTo(normal) > 0) {
            throw new IllegalArgumentException("cadence: normal > 0, longest >= 0, speed > 0, 0 <= alert <= normal");
        }
    }

    /** The defaults, for an inactivity timeout of {@code inactiveAfter}. */
    public static CadenceRules defaults(Duration inactiveAfter) {
        return of(DEFAULT_NORMAL_SECONDS, DEFAULT_LONGEST_SECONDS, DEFAULT_CLOSING_SPEED_KMH, DEFAULT_ALERT_SECONDS,
                inactiveAfter);
    }

    /** Whether the server sends {@code cadence} at all. */
    public boolean enabled() {
        return !longest.isZero();
    }

    /** Whether moving users near a friend with alerts are asked for the shorter {@link #alert} interval. */
    public boolean alertEnabled() {
        return enabled() && !alert.isZero();
    }

    /** Whether a move of {@code meters} in {@code millis} (the updates' own timestamps; at least 1 s counts) is moving. */
    public static boolean moving(double meters, long millis) {
        return meters * 1000.0 / Math.max(1_000, millis) >= MOVING_METERS_PER_SECOND;
    }

    /** The closing speed in metres per millisecond. */
    public double metersPerMilli() {
        return closingSpeedKmh / 3_600.0;
    }

    static CadenceRules from(Env env, Duration inactiveAfter) {
        int normal = env.integer("NEARBY_CADENCE_SECONDS", DEFAULT_NORMAL_SECONDS, 1, 3_600);
        return of(normal, env.integer("NEARBY_CADENCE_MAX_SECONDS", DEFAULT_LONGEST_SECONDS, 0, 86_400),
                env.decimal("NEARBY_CADENCE_SPEED_KMH", DEFAULT_CLOSING_SPEED_KMH, 0, 100_000),
                env.integer("NEARBY_CADENCE_ALERT_SECONDS", Math.min(DEFAULT_ALERT_SECONDS, normal), 0, normal),
                inactiveAfter);
    }

    /**
     * Longest capped at half the inactivity timeout, and never below the normal period (unless 0: off; then no
     * alert interval either).
     */
    static CadenceRules of(int normalSeconds, int longestSeconds, double speedKmh, int alertSeconds,
                           Duration inactiveAfter) {
        Duration normal = Duration.ofSeconds(normalSeconds);
        if (longestSeconds == 0) {
            return new CadenceRules(normal, Duration.ZERO, speedKmh, Duration.ZERO);
        }
        Duration longest = Duration.ofSeconds(longestSeconds);
        Duration halfInactive = inactiveAfter.dividedBy(2);
        if (longest.compareTo(halfInactive) > 0) {
            longest = halfInactive;
        }
        if (longest.compareTo(normal) < 0) {
            longest = normal;
        }
        return new CadenceRules(normal, longest, speedKmh, Duration.ofSeconds(alertSeconds));
    }
}
