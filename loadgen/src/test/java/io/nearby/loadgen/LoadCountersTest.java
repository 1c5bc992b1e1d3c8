package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadCountersTest {
    @Test
    void aWindowHoldsOnlyWhatHappenedInsideIt() {
        LoadCounters c = new LoadCounters();
        c.sent.add(5);
        c.error("rate_limited");
        c.latencyNanos(9_000_000);
        LoadCounters.Snapshot before = c.snapshot();
        c.startWindow();

        c.sent.add(3);
        c.friendLocations.add(6);
        c.error("rate_limited");
        c.error("bad_request");
        c.closed(1008);
        c.latencyNanos(1_000_000);
        c.latencyNanos(2_000_000);
        LoadCounters.Snapshot window = c.snapshot().minus(before);
        Histogram[] h = c.endWindow();

        assertThat(window.sent()).isEqualTo(3);
        assertThat(window.friendLocations()).isEqualTo(6);
        assertThat(window.errors()).isEqualTo(Map.of("bad_request", 1L, "rate_limited", 1L));
        assertThat(window.closes()).isEqualTo(Map.of(1008, 1L));
        assertThat(h[0].getTotalCount()).isEqualTo(2);
        assertThat(h[0].getMaxValue()).isBetween(1_999L, 2_001L);
    }

    @Test
    void latenciesAreMicrosecondsClampedToTheRange() {
        LoadCounters c = new LoadCounters();
        c.startWindow();
        c.latencyNanos(-5);
        c.latencyNanos(Long.MAX_VALUE);
        Histogram h = c.endWindow()[0];

        assertThat(h.getMinValue()).isZero();
        assertThat(h.getMaxValue()).isCloseTo(LoadCounters.MAX_MICROS, within(LoadCounters.MAX_MICROS / 500));
    }

    @Test
    void summariesAreInMilliseconds() {
        Histogram h = new Histogram(LoadCounters.MAX_MICROS, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10L); // 10 µs .. 10 ms
        }
        LatencySummary s = LatencySummary.of(h);

        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50Ms()).isCloseTo(5.0, within(0.01));
        assertThat(s.p99Ms()).isCloseTo(9.9, within(0.01));
        assertThat(s.maxMs()).isCloseTo(10.0, within(0.01));
        assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(LatencySummary.NONE);
    }
}
