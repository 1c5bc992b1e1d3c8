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
 * window; {@link #startWindow()} / {@link #endWindow()} bracket the latency histograms. Thread-safe.
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
    private final Recorder latency = new Recorder(MAX_MICROS, 3);
    private final Recorder scheduleLag = new Recorder(MAX_MICROS, 3);

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

    /** Discards what the histograms hold: the window starts now. */
    void startWindow() {
        latency.getIntervalHistogram();
        scheduleLag.getIntervalHistogram();
    }

    /** The latency histograms since {@link #startWindow()}: {end-to-end, schedule lag}, in microseconds. */
    Histogram[] endWindow() {
        return new Histogram[] {latency.getIntervalHistogram(), scheduleLag.getIntervalHistogram()};
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
