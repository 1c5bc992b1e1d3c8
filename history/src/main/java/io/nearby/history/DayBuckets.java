package io.nearby.history;

/**
 * The partitioning of history in Cassandra: one partition per user and UTC day of the point's own ts, so a partition
 * holds at most one day of one user (2,880 rows at one update every 30 s). Days are counted since 1970-01-01 UTC.
 */
public final class DayBuckets {
    /** Milliseconds in a day bucket. */
    public static final long DAY_MILLIS = 86_400_000L;

    private DayBuckets() {
    }

    /** The bucket of a point time (negative before 1970). */
    public static int day(long tsMillis) {
        return Math.toIntExact(Math.floorDiv(tsMillis, DAY_MILLIS));
    }

    /** First millisecond of a bucket (for tests). */
    static long start(int day) {
        return day * DAY_MILLIS;
    }
}
