package io.nearby.loadgen;

/**
 * The sender's side of end-to-end latency: for each user, the last few updates it sent as (ts, send time in
 * {@link System#nanoTime()}, measured window). A friend who receives {@code friend_location {id, ts}} looks the
 * update up here. Every update of a user gets a distinct ts ({@link #record}), so (user, ts) names exactly one send.
 *
 * <p>Thread-safe: one lock per user (a sender writes, its friends' receivers read).
 */
final class SendLog {
    private final Slot[] slots;

    /**
     * One remembered send.
     *
     * @param nanos  its send time
     * @param window the measured window it was sent in ({@link LoadCounters#windowTag()}), or null
     */
    record Sent(long nanos, Object window) {
    }

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
     * clock has not moved (or went back), recorded with its send time and the window it belongs to (null for none).
     */
    long record(int user, long wallMillis, long sendNanos, Object window) {
        return slots[user].record(wallMillis, sendNanos, window);
    }

    /** The send of {@code user}'s update stamped {@code ts}, or null when this log does not hold it (too old, never sent). */
    Sent lookup(int user, long ts) {
        if (user < 0 || user >= slots.length) {
            return null;
        }
        return slots[user].find(ts);
    }

    private static final class Slot {
        private final long[] ts;
        private final long[] nanos;
        private final Object[] windows;
        private int next;
        private long last;

        Slot(int depth) {
            ts = new long[depth];
            nanos = new long[depth];
            windows = new Object[depth];
            java.util.Arrays.fill(ts, Long.MIN_VALUE);
        }

        synchronized long record(long wallMillis, long sendNanos, Object window) {
            long stamp = Math.max(wallMillis, last + 1);
            last = stamp;
            ts[next] = stamp;
            nanos[next] = sendNanos;
            windows[next] = window;
            next = (next + 1) % ts.length;
            return stamp;
        }

        synchronized Sent find(long stamp) {
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] == stamp) {
                    return new Sent(nanos[i], windows[i]);
                }
            }
            return null;
        }
    }
}
