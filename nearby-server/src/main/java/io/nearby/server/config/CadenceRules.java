package io.nearby.server.config;

import java.time.Duration;

/**
 * The server-driven update cadence (issue 15 item 4): how often the server asks each client to send its location. The
 * normal period is the protocol's (a client that ignores {@code cadence} sends that often) and the shortest the server
 * asks for; while no friend could reach the radius soon, the server asks for up to {@link #longest}, so that at speeds
 * up to {@link #closingSpeedKmh} no friend can be within the radius for longer than about one normal period before
 * one of the two sends (the rule is in {@code session.Cadence}; docs/protocol.md states it).
 *
 * @param normal          NEARBY_CADENCE_SECONDS [30]: the normal period and the shortest interval asked for
 * @param longest         NEARBY_CADENCE_MAX_SECONDS [300], at most half of NEARBY_INACTIVE_SECONDS (a user who sends
 *                        that seldom must never look inactive, even after one lost update); 0 turns the feature off:
 *                        no {@code cadence} messages, every client keeps the normal period
 * @param closingSpeedKmh NEARBY_CADENCE_SPEED_KMH [120]: the fastest two friends close in on each other (the sum of
 *                        their ground speeds) that the long intervals still cover
 */
public record CadenceRules(Duration normal, Duration longest, double closingSpeedKmh) {
    public static final int DEFAULT_NORMAL_SECONDS = 30;
    public static final int DEFAULT_LONGEST_SECONDS = 300;
    public static final double DEFAULT_CLOSING_SPEED_KMH = 120;
    /** No {@code cadence} messages at all. */
    public static final CadenceRules OFF = new CadenceRules(Duration.ofSeconds(DEFAULT_NORMAL_SECONDS), Duration.ZERO,
            DEFAULT_CLOSING_SPEED_KMH);

    public CadenceRules {
        if (normal.isNegative() || normal.isZero() || longest.isNegative() || !(closingSpeedKmh > 0)) {
            throw new IllegalArgumentException("cadence: normal > 0, longest >= 0, speed > 0");
        }
    }

    /** The defaults, for an inactivity timeout of {@code inactiveAfter}. */
    public static CadenceRules defaults(Duration inactiveAfter) {
        return of(DEFAULT_NORMAL_SECONDS, DEFAULT_LONGEST_SECONDS, DEFAULT_CLOSING_SPEED_KMH, inactiveAfter);
    }

    /** Whether the server sends {@code cadence} at all. */
    public boolean enabled() {
        return !longest.isZero();
    }

    /** The closing speed in metres per millisecond. */
    public double metersPerMilli() {
        return closingSpeedKmh / 3_600.0;
    }

    static CadenceRules from(Env env, Duration inactiveAfter) {
        return of(env.integer("NEARBY_CADENCE_SECONDS", DEFAULT_NORMAL_SECONDS, 1, 3_600),
                env.integer("NEARBY_CADENCE_MAX_SECONDS", DEFAULT_LONGEST_SECONDS, 0, 86_400),
                env.decimal("NEARBY_CADENCE_SPEED_KMH", DEFAULT_CLOSING_SPEED_KMH, 0, 100_000), inactiveAfter);
    }

    /** Longest capped at half the inactivity timeout, and never below the normal period (unless 0: off). */
    static CadenceRules of(int normalSeconds, int longestSeconds, double speedKmh, Duration inactiveAfter) {
        Duration normal = Duration.ofSeconds(normalSeconds);
        if (longestSeconds == 0) {
            return new CadenceRules(normal, Duration.ZERO, speedKmh);
        }
        Duration longest = Duration.ofSeconds(longestSeconds);
        Duration halfInactive = inactiveAfter.dividedBy(2);
        if (longest.compareTo(halfInactive) > 0) {
            longest = halfInactive;
        }
        if (longest.compareTo(normal) < 0) {
            longest = normal;
        }
        return new CadenceRules(normal, longest, speedKmh);
    }
}
