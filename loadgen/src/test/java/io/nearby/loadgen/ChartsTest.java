package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    private static Histogram latencies(long... micros) {
        Histogram h = new Histogram(LoadCounters.MAX_MICROS, 3);
        for (long v : micros) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void theCdfRisesToOneOverTheRecordedValuesInMilliseconds() {
        List<Charts.Point> cdf = Charts.cdf(latencies(0, 100, 100, 200, 1_000, 50_000));

        assertThat(cdf.getFirst()).isEqualTo(new Charts.Point(0.001, 1 / 6.0));
        assertThat(cdf.get(1)).isEqualTo(new Charts.Point(0.1, 3 / 6.0));
        assertThat(cdf.getLast().y()).isEqualTo(1.0);
        assertThat(cdf.getLast().x()).isBetween(49.9, 50.1);
        for (int i = 1; i < cdf.size(); i++) {
            assertThat(cdf.get(i).x()).isGreaterThan(cdf.get(i - 1).x());
            assertThat(cdf.get(i).y()).isGreaterThan(cdf.get(i - 1).y());
        }
        assertThat(Charts.cdf(new Histogram(3))).isEmpty();
    }

    private static BenchResult result() {
        var machine = new MachineFacts(2, "AMD EPYC", 24L * 1024 * 1024, "Linux", "Temurin 25");
        var workload = new BenchResult.Workload(1000, 20, 20, 0.1, 0.1, 2.0, Duration.ofSeconds(2), 0.2,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 5, "started here", "-XX:+UseZGC", null, 2.0, 20);
        var counts = new LoadCounters.Snapshot(5_000, 0, 10_000, 10_000, 0, 0, 0, 0, Map.of(), Map.of());
        var lag = new LatencySummary(5_000, 0.1, 1, 2, 3);
        var server = new BenchResult.LoadWindow(10, counts, counts, new LatencySummary(10_000, 1, 5, 9, 20), lag,
                Map.of("nearby_location_updates_total", 5_000.0), Map.of(), new LoadCounters.Exact(5_000, 10_000, 10_000),
                latencies(500, 900, 1_000, 5_000, 20_000));
        var floorLoad = new BenchResult.LoadWindow(10, counts, counts, new LatencySummary(10_000, 0.3, 1, 2, 3), lag,
                Map.of("floor_received_total", 5_000.0), Map.of(), new LoadCounters.Exact(5_000, 10_000, 10_000),
                latencies(200, 300, 1_000));
        var resources = new BenchResult.Resources(0.4, 0.01, 1, 1, 40, 0.05, 0.2, 0.5, 0.05);
        var floorRes = new BenchResult.Resources(0.1, Double.NaN, 1, 1, 30, Double.NaN, 0.2, 0.4, Double.NaN);
        var floor = new BenchResult.Floor("floor", 2, 1000, 1, null, floorLoad, floorRes);
        var max = new BaselinePhase(0, 5, 150_000, 150_000, new LatencySummary(1, 0.2, 1, 2, 3), 0.7, 1.0, latencies(100));
        var paced = new BaselinePhase(500, 5, 2_500, 2_500, new LatencySummary(1, 0.1, 0.5, 1, 2), 0.02, 0.05,
                latencies(80, 100, 150, 600));
        var baseline = new BenchResult.Baseline(2000, 4, max, paced);
        BenchResult.Phase sp = new BenchResult.Phase(server, resources);
        BenchResult.Phase fp = new BenchResult.Phase(floorLoad, floorRes);
        var sweep = new BenchResult.SweepResult(new Sweep.Rule(0.999, 50), 1.5, List.of(
                new BenchResult.SweepStep(0, 500, Duration.ofSeconds(2), sp, Sweep.Verdict.PASS, fp, Sweep.Verdict.PASS),
                new BenchResult.SweepStep(1, 750, Duration.ofMillis(1333), sp, new Sweep.Verdict(false, "x"), null, null)), "x");
        return new BenchResult("bench", "2026-11-27T10:00:00Z", machine, null, null, workload,
                new BenchResult.Setup(1, 1, 0, 1000, 0, 1), null, server, resources, baseline, floor, sweep);
    }

    @Test
    void theBarsCompareTheServerTheFloorAndTheRedisBaseline() {
        var bars = Charts.cpuBars(result());

        // server 0.4 cores × 10 s / 5,000 updates = 800 µs, / 10,000 deliveries = 400 µs; floor 0.1 → 200 / 100 µs
        assertThat(bars.getValue("Nearby server (process)", "CPU per update, µs").doubleValue()).isEqualTo(800.0);
        assertThat(bars.getValue("Nearby server (process)", "CPU per delivery, µs").doubleValue()).isEqualTo(400.0);
        assertThat(bars.getValue("Nearby server + its Redis", "CPU per update, µs").doubleValue()).isEqualTo(900.0);
        assertThat(bars.getValue("stack floor (Helidon forwarder)", "CPU per update, µs").doubleValue()).isEqualTo(200.0);
        // Redis + Jedis: 1.7 cores × 5 s / 150,000 = 56.7 µs
        assertThat(bars.getValue("Redis baseline (Redis + Jedis, max rate)", "CPU per delivery, µs").doubleValue())
                .isBetween(56.6, 56.7);
    }

    @Test
    void theSweepSeriesFollowTheSteps() {
        var cpu = Charts.sweepCpu(result().sweep());

        assertThat(cpu.getSeries("Nearby server").getItemCount()).isEqualTo(2);
        assertThat(cpu.getSeries("stack floor").getItemCount()).isEqualTo(1);
        assertThat(Charts.sweepLatency(result().sweep()).getSeriesCount()).isEqualTo(4);
    }

    @Test
    void everyChartIsWrittenAsAPng(@TempDir Path dir) throws Exception {
        List<Charts.Written> written = Charts.write(result(), dir, "bench-x");

        assertThat(written).extracting(Charts.Written::file).containsExactly(
                "bench-x-cpu.png", "bench-x-latency-cdf.png", "bench-x-sweep-cpu.png", "bench-x-sweep-latency.png");
        for (Charts.Written w : written) {
            byte[] png = Files.readAllBytes(dir.resolve(w.file()));
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(png.length).isGreaterThan(10_000);
        }
    }
}
