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
                Duration.ofSeconds(20), Duration.ofSeconds(60), 5, "started here", "-XX:+UseZGC", null, 2.0, 20);
        var setup = new BenchResult.Setup(12.5, 22_000, 3, 1000, 0, 4.2);
        var e2e = new LatencySummary(60_000, 1.5, 12.0, 40.0, 80.0);
        var lag = new LatencySummary(30_000, 0.1, 2.0, 5.0, 9.0);
        var load = new BenchResult.LoadWindow(60, counts(30_000, 60_000, Map.of(), Map.of()),
                counts(40_000, 80_000, Map.of("rate_limited", 2L), Map.of(1008, 1L)), e2e, lag,
                Map.of("nearby_location_updates_total", 30_010.0, "nearby_fanout_deliveries_total", 60_020.0,
                        "nearby_pubsub_publish_failures_total", 7.0),
                Map.of("nearby_pubsub_publish_failures_total", 912.0));
        var resources = new BenchResult.Resources(0.5, 0.05, 300 * 1024, 320 * 1024, 40, 0.05, 0.3, 0.9, 0.05);
        return new BenchResult("./nearby bench --users 1000", "2026-11-26T21:00:00Z", machine,
                new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 2.5, 3.5}, workload, setup, idle, load, resources, baseline,
                null, null);
    }

    private static BenchResult.Baseline baseline() {
        var max = new BaselinePhase(0, 10, 250_000, 250_000, new LatencySummary(250_000, 0.2, 1.0, 3.0, 6.0), 0.9, 1.1, null);
        var paced = new BaselinePhase(500, 10, 5_000, 5_000, new LatencySummary(5_000, 0.15, 0.6, 1.2, 2.0), 0.02, 0.05, null);
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
        assertThat(md).contains("| server heap in use (live objects after a full GC: `jcmd GC.class_histogram` total) | 47.7 MiB | 66.8 MiB | 19.5 KiB |");
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

    private static BenchResult.LoadWindow window(long sent, long received, Map<String, Double> counters, LoadCounters.Exact exact,
                                                 LatencySummary e2e) {
        var lag = new LatencySummary(30_000, 0.1, 2.0, 5.0, 9.0);
        return new BenchResult.LoadWindow(60, counts(sent, received, Map.of(), Map.of()), counts(sent, received, Map.of(), Map.of()),
                e2e, lag, counters, counters, exact, null);
    }

    private static BenchResult withFloorAndSweep(BenchResult.SweepResult sweep) {
        BenchResult base = result(new BenchResult.IdleMemory(1000, true, 300_000, 330_000, 50e6, 70e6), baseline());
        var serverLoad = window(30_000, 60_000, Map.of("nearby_location_updates_total", 30_000.0),
                new LoadCounters.Exact(30_000, 60_000, 59_940), new LatencySummary(59_940, 1.5, 12.0, 40.0, 80.0));
        var floorLoad = window(30_000, 60_000, Map.of("floor_received_total", 30_000.0, "floor_forwarded_total", 60_000.0,
                "floor_send_failures_total", 0.0), new LoadCounters.Exact(30_000, 60_000, 60_000),
                new LatencySummary(60_000, 0.5, 3.0, 6.0, 9.0));
        var floorResources = new BenchResult.Resources(0.1, Double.NaN, 200 * 1024, 210 * 1024, 30, Double.NaN, 0.3, 0.5, 0.05);
        var floorIdle = new BenchResult.IdleMemory(1000, true, 200_000, 210_000, 30e6, 50e6);
        var floor = new BenchResult.Floor("started here: floor", 2.0, 1000, 3.0, floorIdle, floorLoad, floorResources);
        return new BenchResult(base.command(), base.startedAt(), base.machine(), base.loadBefore(), base.loadAfter(),
                base.workload(), base.setup(), base.idle(), serverLoad, base.resources(), base.baseline(), floor, sweep);
    }

    @Test
    void theSummaryGivesTheServerAsRatiosToTheFloorAndToTheRedisBaseline() {
        String md = Report.markdown(withFloorAndSweep(null));

        assertThat(md).contains("Order of the run: Redis baseline → stack floor → server.");
        assertThat(md).contains("## Summary: the server against both baselines of this run");
        // server 0.5 cores × 60 s / 30,000 updates = 1,000 µs; floor 0.1 × 60 / 30,000 = 200 µs; Redis + Jedis 2 × 10 / 250,000 = 80 µs
        assertThat(md).contains("| 1000.0 | 200.0 | 80.0 | **5×** | — |");
        // per delivery: 500 µs vs 100 µs
        assertThat(md).contains("| 500.0 | 100.0 | 80.0 | **5×** | — |");
        // incl. the server's Redis (0.05 cores): 550 µs per delivery, ÷ 80 µs = 6.88×
        assertThat(md).contains("| CPU per delivery incl. the server's Redis, µs | 550.0 | 100.0 | 80.0 | 5.5× | 6.88× |");
        // p99 12 ms vs floor 3 ms vs paced baseline 0.6 ms
        assertThat(md).contains("| **end-to-end p99, ms** | 12.0 | 3.00 | 0.600 | 4× | **20×** |");
        // JIT 0.05 of 0.5 cores (server) and of 0.1 (floor): 1,000 → 900 µs and 200 → 100 µs per update without it
        assertThat(md).contains("| CPU per update without the JIT compiler's threads (steady state), µs; their share of the window | 900.0 (JIT 10.0%) | 100.0 (JIT 50.0%) | — | 9× | — |");
        assertThat(md).contains("| JIT compiler threads' share of the process CPU in the window | 10.0% | 50.0% | — |");
        assertThat(md).contains("| delivered share of expected (exact) | 99.90% | 100.00% | 100.00% |");
        // heap (70 − 50 MB) / 1,000 = 19.5 KiB, RSS 30 MB / 1,000 = 30 KiB; floor 19.5 KiB... (50 − 30 MB) / 1,000
        assertThat(md).contains("| **heap per idle initialised connection**, after a full GC (RSS beside it) | 19.5 KiB (RSS 30.0 KiB) | 19.5 KiB (RSS 10.0 KiB) |");
        assertThat(md).contains("## Server vs the stack floor (same run, same clients)");
        assertThat(md).contains("| **CPU per update (received frame), µs**, all-in | 1000.0 | 200.0 | 5× |");
        assertThat(md).contains("| deliveries/s per core | 2,000 | 10,000 | 0.2× |");
        assertThat(md).contains("| stack floor heap in use (live objects after a full GC: `jcmd GC.class_histogram` total) |");
        assertThat(md).contains("60,000 forwarded, 0 failed sends");
        assertThat(md).contains("| updates sent in the window (exact accounting) | 30,000 |");
        assertThat(md).contains("| ... delivered: first sightings of those updates at those friends, however late (until the drain) | 59,940 = 99.90% |");
        assertThat(md).doesNotContain("## Saturation sweep");
    }

    @Test
    void aSweepIsATableOfStepsWithTheHighestPassingRate() {
        BenchResult plain = withFloorAndSweep(null);
        BenchResult.Phase server = plain.serverPhase();
        BenchResult.Phase floor = plain.floor().phase();
        var rule = new Sweep.Rule(0.999, 50);
        var steps = java.util.List.of(
                new BenchResult.SweepStep(0, 500, Duration.ofSeconds(2), server, Sweep.Verdict.PASS, floor, Sweep.Verdict.PASS),
                new BenchResult.SweepStep(1, 750, Duration.ofMillis(1333), server, new Sweep.Verdict(false, "p99 60.0 ms (≥ 50.0 ms)"),
                        floor, new Sweep.Verdict(false, "p99 55.0 ms (≥ 50.0 ms)")));
        String md = Report.markdown(withFloorAndSweep(new BenchResult.SweepResult(rule, 1.5, steps, "step 2 failed")));

        assertThat(md).contains("## Saturation sweep");
        assertThat(md).contains("**Highest offered rate that passed: 500 updates/s**");
        assertThat(md).contains("Stopped: step 2 failed.");
        assertThat(md).contains("| 1 | 500 | 500 | 99.90% | 1.50 / 12.0 | 0.50 | 1000.0 | 500.0 | 2,000 | 200.0 | 0.500 / 3.00 | 2.00 | pass |");
        assertThat(md).contains("| 2 | 750 |");
        assertThat(md).contains("200.0 (failed)");
        assertThat(md).contains("**fail**: p99 60.0 ms (≥ 50.0 ms) |");
        assertThat(md).contains("The floor failed at 750 updates/s");
        assertThat(md).contains("Figures of the sweep's first step (500 updates/s offered)");
    }

    @Test
    void chartsAreLinkedByTheirRelativeFileNames() {
        String md = Report.markdown(withFloorAndSweep(null), java.util.List.of(
                new Charts.Written("CPU per update", "bench-1-cpu.png"), new Charts.Written("CDF", "bench-1-latency-cdf.png")));

        assertThat(md).contains("## Charts\n\n![CPU per update](bench-1-cpu.png)\n\n![CDF](bench-1-latency-cdf.png)\n");
    }

    @Test
    void withoutTheFloorItsColumnsSayNa() {
        String md = Report.markdown(result(null, baseline()));

        assertThat(md).contains("Order of the run: Redis baseline → server.");
        assertThat(md).contains("Not measured (--no-floor).");
        assertThat(md).contains("| 999.7 | n/a | 80.0 | **n/a** | — |");
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
        assertThat(Report.percent2(0.99904)).isEqualTo("99.90%");
        assertThat(Report.percent2(Double.NaN)).isEqualTo("n/a");
    }
}
