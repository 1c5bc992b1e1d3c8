package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTest {
    private static LoadCounters.Snapshot counts(long sent, long received, Map<String, Long> errors, Map<Integer, Long> closes) {
        return new LoadCounters.Snapshot(sent, 0, received, received, 0, 0, 0, 0, errors, closes);
    }

    private static BenchResult result(BenchResult.IdleMemory idle, BenchResult.Baseline baseline) {
        var machine = new MachineFacts(2, "AMD EPYC", 24L * 1024 * 1024, "Linux 6.1", "Temurin 25");
        var workload = new BenchResult.Workload(1000, 20, 19.98, 0.1, 0.1002, 2.0, Duration.ofSeconds(2), 0.2,
                Duration.ofSeconds(20), Duration.ofSeconds(60), 5, "started here", "-XX:+UseZGC");
        var setup = new BenchResult.Setup(12.5, 22_000, 3, 1000, 0, 4.2);
        var e2e = new LatencySummary(60_000, 1.5, 12.0, 40.0, 80.0);
        var lag = new LatencySummary(30_000, 0.1, 2.0, 5.0, 9.0);
        var load = new BenchResult.LoadWindow(60, counts(30_000, 60_000, Map.of(), Map.of()),
                counts(40_000, 80_000, Map.of("rate_limited", 2L), Map.of(1008, 1L)), e2e, lag,
                Map.of("nearby_location_updates_total", 30_010.0, "nearby_fanout_deliveries_total", 60_020.0,
                        "nearby_pubsub_publish_failures_total", 7.0),
                Map.of("nearby_pubsub_publish_failures_total", 912.0));
        var resources = new BenchResult.Resources(0.5, 0.05, 300 * 1024, 320 * 1024, 40, 0.05, 0.3, 0.9);
        return new BenchResult("./nearby bench --users 1000", "2026-11-26T21:00:00Z", machine,
                new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 2.5, 3.5}, workload, setup, idle, load, resources, baseline);
    }

    private static BenchResult.Baseline baseline() {
        var max = new BaselinePhase(0, 10, 250_000, 250_000, new LatencySummary(250_000, 0.2, 1.0, 3.0, 6.0), 0.9, 1.1);
        var paced = new BaselinePhase(500, 10, 5_000, 5_000, new LatencySummary(5_000, 0.15, 0.6, 1.2, 2.0), 0.02, 0.05);
        return new BenchResult.Baseline(2000, 4, max, paced);
    }

    @Test
    void theHeadlineTableCarriesEachFigureAndItsRatioToTheBaseline() {
        String md = Report.markdown(result(new BenchResult.IdleMemory(1000, true, 300_000, 330_000, 50e6, 70e6), baseline()));

        assertThat(md).contains("# Nearby Friends benchmark — 2026-11-26T21:00:00Z");
        assertThat(md).contains("Command: `./nearby bench --users 1000`");
        assertThat(md).contains("| figure | Nearby server | Redis PUBLISH→SUBSCRIBE | server ÷ baseline |");
        // 500 updates/s vs 25,000 publishes/s; 1,000 deliveries/s vs 25,000; p50 1.5 ms vs 0.15 ms
        assertThat(md).contains("| 500 | 25,000 | 0.02× |");
        assertThat(md).contains("| 1,000 | 25,000 | 0.04× |");
        assertThat(md).contains("| 1.50 | 0.150 | 10× |");
        assertThat(md).contains("| 12.0 | 0.600 | 20× |");
        assertThat(md).contains("load average before (1 / 5 / 15 min) | 1.00 / 2.00 / 3.00");
    }

    @Test
    void memoryPerIdleConnectionIsTheDifferenceDividedByTheConnections() {
        String md = Report.markdown(result(new BenchResult.IdleMemory(1000, true, 300_000, 330_000, 50e6, 70e6), baseline()));

        assertThat(md).contains("| server RSS | 293.0 MiB | 322.3 MiB | 30.0 KiB |");
        assertThat(md).contains("after a full GC (`jcmd GC.run`) | 47.7 MiB | 66.8 MiB | 19.5 KiB |");
    }

    @Test
    void errorsAndCloseCodesAreListedAndMissingFiguresSayNa() {
        String md = Report.markdown(result(null, null));

        assertThat(md).contains("`rate_limited` × 2");
        assertThat(md).contains("`1008` × 1");
        assertThat(md).contains("PUBLISH failed (`nearby_pubsub_publish_failures_total`) | 7 |");
        assertThat(md).contains("setup included (`nearby_pubsub_publish_failures_total`) | 912 |");
        assertThat(md).contains("Not measured (--idle-connections 0).");
        assertThat(md).contains("| n/a | n/a |");
        assertThat(md).contains("`nearby_pubsub_received_total`) | n/a |");
    }

    @Test
    void numbersAreFormattedForPeople() {
        assertThat(Report.ratio(1, 3)).isEqualTo("0.333×");
        assertThat(Report.ratio(52.6, 1)).isEqualTo("52.6×");
        assertThat(Report.ratio(1, 0)).isEqualTo("n/a");
        assertThat(Report.ratio(Double.NaN, 1)).isEqualTo("n/a");
        assertThat(Report.rate(24_820.4)).isEqualTo("24,820");
        assertThat(Report.rate(99.84)).isEqualTo("99.8");
        assertThat(Report.ms(0.2381)).isEqualTo("0.238");
        assertThat(Report.ms(2.481)).isEqualTo("2.48");
        assertThat(Report.ms(17.12)).isEqualTo("17.1");
        assertThat(Report.ms(1234.4)).isEqualTo("1,234");
        assertThat(Report.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(Report.percent(0.1002)).isEqualTo("10.0%");
    }
}
