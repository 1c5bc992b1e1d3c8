package io.nearby.server.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Percentiles of measured samples (nearest rank), for the figures the chaos tests print. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (0-100] of {@code samples}; fails on an empty collection. */
    static long percentile(Collection<Long> samples, double p) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static long max(Collection<Long> samples) {
        return samples.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
