package io.nearby.loadgen;

/**
 * The sender's side of end-to-end latency: for each user, the last few updates it sent as (ts, send time in
 * {@link System#nanoTime()}). A friend who receives {@code friend_location {id, ts}} looks the pair up here. Every
 * update of a user gets a distinct ts ({@link #nextTs}), so (user, ts) names exactly one send.
 *
 * <p>Thread-safe: one lock per user (a sender writes, its friends' receivers read).
 */
final class SendLog {
    /** Returned by {@link #sentAt} for an update this log does not hold (too old, or never sent). */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final Slot[] slots;

    /** @param depth updates remembered per user; older ones are forgotten */
    SendLog(int users, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be ≥ 1");
        }
        slots = new Slot[users];
        for (int i = 0; i < users; i++) {
            slots[i] = new Slot(depth);
        }
    }

    /**
     * A fresh ts for the next update of {@code user}: the wall clock, or one more than its previous ts when the
     * clock has not moved (or went back), and records it with its send time.
     */
    long record(int user, long wallMillis, long sendNanos) {
        return slots[user].record(wallMillis, sendNanos);
    }

    /** The send time of {@code user}'s update stamped {@code ts}, or {@link #UNKNOWN}. */
    long sentAt(int user, long ts) {
        if (user < 0 || user >= slots.length) {
            return UNKNOWN;
        }
        return slots[user].find(ts);
    }

    private static final class Slot {
        private final long[] ts;
        private final long[] nanos;
        private int next;
        private long last;

        Slot(int depth) {
            ts = new long[depth];
            nanos = new long[depth];
            java.util.Arrays.fill(ts, Long.MIN_VALUE);
        }

        synchronized long record(long wallMillis, long sendNanos) {
            long stamp = Math.max(wallMillis, last + 1);
            last = stamp;
            ts[next] = stamp;
            nanos[next] = sendNanos;
            next = (next + 1) % ts.length;
            return stamp;
        }

        synchronized long find(long stamp) {
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] == stamp) {
                    return nanos[i];
                }
            }
            return UNKNOWN;
        }
    }
}
