package io.nearby.loadgen;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, in milliseconds. */
record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
    static final LatencySummary NONE = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new LatencySummary(micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }
}
