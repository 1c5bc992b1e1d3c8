package io.nearby.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the generator's clients counted, shared by all of them: updates sent, what came back, end-to-end latency and
 * how late the sends were against their schedule. {@link #snapshot()} + {@link Snapshot#minus} give the figures of one
 * window; {@link #startWindow()} / {@link #endWindow()} bracket the window. Thread-safe.
 *
 * <p>Exact accounting of a window ({@link #exact()}): the updates <em>sent</em> inside it, the deliveries they should
 * produce (each sender's connected friends within the radius, given by the sender at each send) and how many of
 * those arrived, however late (until {@link #windowLatency()} is read after a drain). End-to-end latency samples are
 * those same deliveries, so neither depends on what was in flight at the window's edges. Which window an update
 * belongs to is decided once, when it is sent ({@link #windowTag()}), and travels with it in the {@link SendLog}.
 */
final class LoadCounters {
    /** Latencies are recorded in microseconds, up to a minute, 3 significant digits. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    final LongAdder sent = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder friendLocations = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder repeats = new LongAdder();
    final LongAdder unmatched = new LongAdder();
    final LongAdder friendGone = new LongAdder();
    final LongAdder otherMessages = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final Recorder scheduleLag = new Recorder(MAX_MICROS, 3);
    /** The open window's account; null between windows. */
    private volatile WindowAccount current;
    /** The last window's account (open or closed). */
    private volatile WindowAccount last = new WindowAccount();

    /**
     * One window's exact accounting. An update belongs to the window that was open when it was sent
     * ({@link #windowTag()}, kept with the send in the {@link SendLog}), and every count of it goes to that window's
     * own account, so nothing depends on when a count happens relative to the window's edges.
     */
    private static final class WindowAccount {
        final LongAdder sent = new LongAdder();
        final LongAdder expected = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final Recorder latency = new Recorder(MAX_MICROS, 3);
        /** The deliveries whose sender and receiver are connected to different servers (multi-node run). */
        final Recorder crossLatency = new Recorder(MAX_MICROS, 3);
    }

    /** The window an update sent now belongs to (an opaque tag for the {@link SendLog}), or null outside windows. */
    Object windowTag() {
        return current;
    }

    /** One update sent, in window {@code tag} (or none), that should reach {@code expectedDeliveries} friends. */
    void sent(Object tag, int expectedDeliveries) {
        sent.increment();
        if (tag instanceof WindowAccount w) {
            w.sent.increment();
            w.expected.add(expectedDeliveries);
        }
    }

    /**
     * The first sighting at a friend, at {@code nowNanos}, of an update sent at {@code sentAtNanos} in window
     * {@code tag}: counted as matched and, when it belongs to a window, as one of that window's deliveries and a
     * latency sample, however late it arrives.
     */
    void delivered(Object tag, long sentAtNanos, long nowNanos) {
        delivered(tag, sentAtNanos, nowNanos, false);
    }

    /** {@link #delivered(Object, long, long)}; {@code crossServer}: also a sample of the cross-server latency. */
    void delivered(Object tag, long sentAtNanos, long nowNanos, boolean crossServer) {
        matched.increment();
        if (tag instanceof WindowAccount w) {
            w.delivered.increment();
            long micros = clampMicros(nowNanos - sentAtNanos);
            w.latency.recordValue(micros);
            if (crossServer) {
                w.crossLatency.recordValue(micros);
            }
        }
    }

    /** The last window's updates, the deliveries they should produce and those that arrived so far. */
    Exact exact() {
        WindowAccount w = last;
        return new Exact(w.sent.sum(), w.expected.sum(), w.delivered.sum());
    }

    /**
     * Exact accounting of one window.
     *
     * @param sent      updates sent inside the window
     * @param expected  deliveries they should produce: for each, the sender's connected friends within the radius
     * @param delivered first sightings of those updates at those friends, whenever they arrived
     */
    record Exact(long sent, long expected, long delivered) {
        static final Exact NONE = new Exact(0, 0, 0);

        /** delivered ÷ expected; NaN when nothing was expected. */
        double deliveredShare() {
            return expected == 0 ? Double.NaN : (double) delivered / expected;
        }
    }

    void scheduleLagNanos(long nanos) {
        scheduleLag.recordValue(clampMicros(nanos));
    }

    /** An {@code error} message from the server (by its code), or a client-side failure ("connect", "send", ...). */
    void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void closed(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A new window opens: updates sent from now on are its own. */
    void startWindow() {
        WindowAccount w = new WindowAccount();
        scheduleLag.getIntervalHistogram();
        last = w;
        current = w;
    }

    /**
     * The window closes for sends: updates sent from now on are not its own; deliveries of its updates still count
     * (until {@link #windowLatency()}). Returns the schedule-lag histogram of the window (µs).
     */
    Histogram endWindow() {
        current = null;
        return scheduleLag.getIntervalHistogram();
    }

    /** End-to-end latency (µs) of the last window's updates delivered so far; read once, after the drain. */
    Histogram windowLatency() {
        return last.latency.getIntervalHistogram();
    }

    /** The part of {@link #windowLatency()} whose sender and receiver were on different servers; read once, after the drain. */
    Histogram windowCrossLatency() {
        return last.crossLatency.getIntervalHistogram();
    }

    Snapshot snapshot() {
        return new Snapshot(sent.sum(), sendFailures.sum(), friendLocations.sum(), matched.sum(), repeats.sum(),
                unmatched.sum(), friendGone.sum(), otherMessages.sum(), sums(errors), sums(closes));
    }

    private static long clampMicros(long nanos) {
        return Math.max(0, Math.min(MAX_MICROS, nanos / 1000));
    }

    private static <K extends Comparable<K>> Map<K, Long> sums(Map<K, LongAdder> adders) {
        Map<K, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * Counter values at one moment.
     *
     * @param friendLocations every {@code friend_location} received
     * @param matched         ... of which the first sighting of an update this run sent (a latency sample)
     * @param repeats         ... of which an update the receiver had already seen
     * @param unmatched       ... of which an update not in the send log (sent before the log's depth, or foreign)
     */
    record Snapshot(long sent, long sendFailures, long friendLocations, long matched, long repeats, long unmatched,
                    long friendGone, long otherMessages, Map<String, Long> errors, Map<Integer, Long> closes) {
        Snapshot minus(Snapshot before) {
            return new Snapshot(sent - before.sent, sendFailures - before.sendFailures,
                    friendLocations - before.friendLocations, matched - before.matched, repeats - before.repeats,
                    unmatched - before.unmatched, friendGone - before.friendGone, otherMessages - before.otherMessages,
                    diff(errors, before.errors), diff(closes, before.closes));
        }

        private static <K extends Comparable<K>> Map<K, Long> diff(Map<K, Long> after, Map<K, Long> before) {
            Map<K, Long> out = new TreeMap<>();
            after.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }
    }
}
