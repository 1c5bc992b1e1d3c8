package io.nearby.history;

import java.time.Duration;

/**
 * How long points are kept (NEARBY_HISTORY_TTL_DAYS, 30 days by default) and the one window in which a stored point
 * can exist, which bounds every query and delete.
 *
 * <p>Cassandra expires a row {@code ttl} after it was written, and a point is written at most 24 h after its own
 * ts (older updates are refused by the session) and at most a few minutes before it (clients run ahead): so at
 * {@code now} every stored point has {@code now - ttl - 1 day <= ts <= now + 1 day}. The JDBC store purges by ts.
 *
 * @param ttl how long a point is kept; at least one second
 */
public record Retention(Duration ttl) {
    /** The default: 30 days. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);
    /** Slack on either side of the window: the session accepts points up to 24 h old. */
    static final long SLACK_MILLIS = DayBuckets.DAY_MILLIS;

    public Retention {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("retention must be between 1 s and 3650 days, got " + ttl);
        }
    }

    public static Retention ofDays(int days) {
        return new Retention(Duration.ofDays(days));
    }

    /** The TTL in whole seconds, as Cassandra takes it. */
    public int ttlSeconds() {
        return Math.toIntExact(ttl.toSeconds());
    }

    /** The times at which a point can still be stored at {@code nowMillis}. */
    public TimeWindow window(long nowMillis) {
        return new TimeWindow(nowMillis - ttl.toMillis() - SLACK_MILLIS, nowMillis + SLACK_MILLIS);
    }
}
