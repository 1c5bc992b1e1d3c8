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
        c.sent(c.windowTag(), 2);
        c.error("rate_limited");
        LoadCounters.Snapshot before = c.snapshot();
        c.startWindow();

        c.sent(c.windowTag(), 2);
        c.friendLocations.add(6);
        c.error("rate_limited");
        c.error("bad_request");
        c.closed(1008);
        c.scheduleLagNanos(3_000_000);
        LoadCounters.Snapshot window = c.snapshot().minus(before);
        Histogram lag = c.endWindow();

        assertThat(window.sent()).isEqualTo(1);
        assertThat(window.friendLocations()).isEqualTo(6);
        assertThat(window.errors()).isEqualTo(Map.of("bad_request", 1L, "rate_limited", 1L));
        assertThat(window.closes()).isEqualTo(Map.of(1008, 1L));
        assertThat(lag.getTotalCount()).isEqualTo(1);
    }

    @Test
    void theExactAccountingCountsTheWindowsOwnUpdatesAndTheirDeliveriesHoweverLate() {
        LoadCounters c = new LoadCounters();
        Object none = c.windowTag();
        c.sent(none, 7);                       // before any window
        c.startWindow();
        Object first = c.windowTag();
        c.sent(first, 2);
        c.sent(first, 3);
        c.delivered(none, 0, 1_000_000);       // an earlier update's delivery: not the window's
        c.delivered(first, 0, 1_000_000);
        c.delivered(first, 0, 2_000_000);
        c.endWindow();
        Object after = c.windowTag();
        c.sent(after, 5);                      // after the window
        c.delivered(first, 0, 10_000_000);     // late, but the window's own: counted
        c.delivered(after, 0, 1_000);          // a later update: not the window's

        assertThat(none).isNull();
        assertThat(after).isNull();
        assertThat(c.exact()).isEqualTo(new LoadCounters.Exact(2, 5, 3));
        assertThat(c.exact().deliveredShare()).isEqualTo(0.6);
        assertThat(c.matched.sum()).isEqualTo(5);
        assertThat(c.sent.sum()).isEqualTo(4);
        Histogram latency = c.windowLatency();
        assertThat(latency.getTotalCount()).isEqualTo(3);
        assertThat(latency.getMaxValue()).isBetween(9_990L, 10_010L); // ~10 ms, in µs

        c.startWindow();
        c.delivered(first, 0, 1_000);          // the previous window's, after the next one opened
        assertThat(c.exact()).isEqualTo(new LoadCounters.Exact(0, 0, 0));
        assertThat(c.exact().deliveredShare()).isNaN();
        assertThat(c.windowTag()).isNotSameAs(first);
    }

    @Test
    void latenciesAreMicrosecondsClampedToTheRange() {
        LoadCounters c = new LoadCounters();
        c.startWindow();
        c.delivered(c.windowTag(), 5, 0);
        c.delivered(c.windowTag(), 0, Long.MAX_VALUE);
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

    @Test
    void crossServerDeliveriesAreAlsoSamplesOfTheirOwnHistogram() {
        LoadCounters c = new LoadCounters();
        c.startWindow();
        Object w = c.windowTag();
        c.sent(w, 3);
        c.delivered(w, 0, 1_000_000, false);
        c.delivered(w, 0, 2_000_000, true);
        c.delivered(w, 0, 9_000_000, true);
        c.endWindow();

        Histogram all = c.windowLatency();
        Histogram cross = c.windowCrossLatency();
        assertThat(all.getTotalCount()).isEqualTo(3);
        assertThat(cross.getTotalCount()).isEqualTo(2);
        assertThat(cross.getMinValue()).isCloseTo(2_000, within(2L));
        assertThat(c.exact().delivered()).isEqualTo(3);
    }
}
