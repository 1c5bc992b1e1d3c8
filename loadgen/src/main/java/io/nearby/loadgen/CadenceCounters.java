package io.nearby.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the phones of one cadence phase sent and were asked for: updates (all, and within the measured window, by world
 * time), {@code cadence} messages by their interval, errors and unexpected closes. Thread-safe.
 */
final class CadenceCounters {
    final LongAdder errors = new LongAdder();
    final LongAdder closes = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sentInWindow = new LongAdder();
    private final Map<Integer, LongAdder> cadences = new ConcurrentHashMap<>();
    private volatile double windowFrom = Double.POSITIVE_INFINITY;
    private volatile double windowTo = Double.POSITIVE_INFINITY;

    /** Updates sent at world times in [from, to) count as the window's. */
    void window(double from, double to) {
        windowFrom = from;
        windowTo = to;
    }

    void sent(double worldSeconds) {
        sent.increment();
        if (worldSeconds >= windowFrom && worldSeconds < windowTo) {
            sentInWindow.increment();
        }
    }

    void cadence(int seconds) {
        cadences.computeIfAbsent(seconds, s -> new LongAdder()).increment();
    }

    long sent() {
        return sent.sum();
    }

    long sentInWindow() {
        return sentInWindow.sum();
    }

    /** Cadence messages received, by the interval asked for (server seconds), ascending. */
    Map<Integer, Long> cadences() {
        Map<Integer, Long> out = new TreeMap<>();
        cadences.forEach((s, n) -> out.put(s, n.sum()));
        return out;
    }
}
