package io.nearby.loadgen;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CadenceReportTest {
    private static CadenceReport.Phase phase(boolean honours, long sent, Map<Integer, Long> cadences, List<Double> delays) {
        return new CadenceReport.Phase(honours ? "honouring cadence" : "every 30 s", honours, 1000, sent, 1800, 180, cadences,
                new DetectionLog.Result(delays, List.of(3.0), 2, 0), 0, 0, 0.25);
    }

    @Test
    void theReportGivesTheUpdatesTheRatioAtTheSeedsScaleAndTheDelays() {
        CadenceReport.Phase fixed = phase(false, 60_000, Map.of(3, 1000L), List.of(1.0, 2.0, 30.0));
        CadenceReport.Phase adaptive = phase(true, 15_000, Map.of(3, 300L, 30, 900L), List.of(1.0, 5.0, 31.0));
        assertThat(fixed.updatesPerUserPerMinute()).isCloseTo(2.0, within(1e-9));
        assertThat(fixed.meanIntervalSeconds()).isCloseTo(30.0, within(1e-9));
        CadenceReport.Result r = new CadenceReport.Result("bench --preset cadence", "2026-12-04T06:00:00Z", "2 CPUs", 1000, 10,
                9800, 2000, 5, 10, 600, 1800, List.of(fixed, adaptive));
        assertThat(r.ratio()).isCloseTo(0.25, within(1e-9));
        String md = CadenceReport.markdown(r);
        assertThat(md).contains("| updates sent in the window | 60,000 | 15,000 |");
        assertThat(md).contains("| intervals asked for, s (messages) | 30 (1000) | 30 (300), 300 (900) |");
        assertThat(md).contains("| entered → told, p50 / p99 / worst, s | 2.0 / 30.0 / 30.0 | 5.0 / 31.0 / 31.0 |");
        assertThat(md).contains("sent 25.0% of the updates").contains("75.0% fewer").contains("83,500 location updates/s");
    }
}
