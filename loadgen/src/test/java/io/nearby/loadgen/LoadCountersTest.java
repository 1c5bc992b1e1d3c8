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
        c.scheduleLagNanos(3_000_000);
        LoadCounters.Snapshot window = c.snapshot().minus(before);
        Histogram lag = c.endWindow();
        Histogram latency = c.windowLatency();

        assertThat(window.sent()).isEqualTo(3);
        assertThat(window.friendLocations()).isEqualTo(6);
        assertThat(window.errors()).isEqualTo(Map.of("bad_request", 1L, "rate_limited", 1L));
        assertThat(window.closes()).isEqualTo(Map.of(1008, 1L));
        assertThat(latency.getTotalCount()).isEqualTo(2);
        assertThat(latency.getMaxValue()).isBetween(1_999L, 2_001L);
        assertThat(lag.getTotalCount()).isEqualTo(1);
    }

    @Test
    void theExactAccountingCountsTheWindowsOwnUpdatesAndTheirDeliveriesHoweverLate() {
        LoadCounters c = new LoadCounters();
        c.sent(50, 7);                  // before any window
        c.startWindow(100);
        c.sent(99, 4);                  // sent before the window (a clock read just before it opened)
        c.sent(100, 2);
        c.sent(150, 3);
        c.delivered(99, 120);           // an earlier update's delivery: not the window's
        c.delivered(100, 130);
        c.delivered(150, 160);
        c.endWindow(200);
        c.sent(200, 5);                 // after the window
        c.delivered(150, 10_000_000);   // late, but the window's own: counted
        c.delivered(200, 210);          // a later update: not the window's

        assertThat(c.exact()).isEqualTo(new LoadCounters.Exact(2, 5, 3));
        assertThat(c.exact().deliveredShare()).isEqualTo(0.6);
        assertThat(c.matched.sum()).isEqualTo(5);
        assertThat(c.sent.sum()).isEqualTo(5);
        Histogram latency = c.windowLatency();
        assertThat(latency.getTotalCount()).isEqualTo(3);
        assertThat(latency.getMaxValue()).isBetween(9_990L, 10_010L); // ~10 ms, in µs

        c.startWindow(300);
        assertThat(c.exact()).isEqualTo(new LoadCounters.Exact(0, 0, 0));
        assertThat(c.exact().deliveredShare()).isNaN();
    }

    @Test
    void latenciesAreMicrosecondsClampedToTheRange() {
        LoadCounters c = new LoadCounters();
        c.startWindow();
        c.latencyNanos(-5);
        c.latencyNanos(Long.MAX_VALUE);
        c.endWindow();
        Histogram h = c.windowLatency();

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
