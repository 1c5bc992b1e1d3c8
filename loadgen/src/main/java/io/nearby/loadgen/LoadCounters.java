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
 * those same deliveries, so neither depends on what was in flight at the window's edges.
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
    private final LongAdder windowSent = new LongAdder();
    private final LongAdder windowExpected = new LongAdder();
    private final LongAdder windowDelivered = new LongAdder();
    private final Recorder latency = new Recorder(MAX_MICROS, 3);
    private final Recorder scheduleLag = new Recorder(MAX_MICROS, 3);
    /** The window's send times [start, end) in nanoTime; none before the first window. */
    private volatile Bounds bounds = new Bounds(Long.MAX_VALUE, Long.MAX_VALUE);

    private record Bounds(long start, long end) {
        boolean contains(long nanos) {
            return nanos >= start && nanos < end;
        }
    }

    /**
     * One update sent at {@code sendNanos} (the time its send log holds) that should reach {@code expectedDeliveries}
     * friends.
     */
    void sent(long sendNanos, int expectedDeliveries) {
        sent.increment();
        if (bounds.contains(sendNanos)) {
            windowSent.increment();
            windowExpected.add(expectedDeliveries);
        }
    }

    /**
     * The first sighting at a friend, at {@code nowNanos}, of an update sent at {@code sentAtNanos}: counted as
     * matched and, when the update was sent inside the window, as one of its deliveries and a latency sample.
     */
    void delivered(long sentAtNanos, long nowNanos) {
        matched.increment();
        if (bounds.contains(sentAtNanos)) {
            windowDelivered.increment();
            latencyNanos(nowNanos - sentAtNanos);
        }
    }

    /** Updates sent in the current (or last) window, the deliveries they should produce and those that arrived. */
    Exact exact() {
        return new Exact(windowSent.sum(), windowExpected.sum(), windowDelivered.sum());
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

    void latencyNanos(long nanos) {
        latency.recordValue(clampMicros(nanos));
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

    /** The window starts now: resets the exact accounting and discards what the histograms hold. */
    void startWindow() {
        startWindow(System.nanoTime());
    }

    void startWindow(long nowNanos) {
        bounds = new Bounds(Long.MAX_VALUE, Long.MAX_VALUE);
        windowSent.reset();
        windowExpected.reset();
        windowDelivered.reset();
        latency.getIntervalHistogram();
        scheduleLag.getIntervalHistogram();
        bounds = new Bounds(nowNanos, Long.MAX_VALUE);
    }

    /**
     * The window ends now for sends: updates sent from now on are not its own; deliveries of its updates still count
     * until {@link #windowLatency()}. Returns the schedule-lag histogram of the window (µs).
     */
    Histogram endWindow() {
        return endWindow(System.nanoTime());
    }

    Histogram endWindow(long nowNanos) {
        Bounds b = bounds;
        bounds = new Bounds(b.start(), Math.min(b.end(), nowNanos));
        return scheduleLag.getIntervalHistogram();
    }

    /** End-to-end latency (µs) of the window's updates delivered so far; read once, after the drain. */
    Histogram windowLatency() {
        return latency.getIntervalHistogram();
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
