package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MultiNodeReportTest {
    private static final LoadCounters.Snapshot COUNTS = new LoadCounters.Snapshot(20_000, 0, 800_000, 800_000, 0, 0, 0, 0,
            Map.of(), Map.of());

    private static List<MultiNodeResult.RedisFigures> redis(double ring, double master, double replica) {
        return List.of(new MultiNodeResult.RedisFigures("ring :1", "ring", ring),
                new MultiNodeResult.RedisFigures("cache :2", "cache master", master),
                new MultiNodeResult.RedisFigures("cache :3", "cache replica", replica));
    }

    /** 60 s windows of 20,000 updates and 800,000 deliveries; 1 s per server of CPU = 0.5 / 1.2 cores. */
    static MultiNodeResult result() {
        MultiNodeResult.Phase one = new MultiNodeResult.Phase(1, 60, COUNTS, new LoadCounters.Exact(20_000, 800_000, 800_000),
                new LatencySummary(800_000, 1.0, 5.0, 9.0, 20), LatencySummary.NONE, new LatencySummary(10, 0.1, 1, 2, 3),
                0, 0,
                List.of(new MultiNodeResult.ServerFigures("server 0", 11, 1000, 6.0, 0.1, 20_000, 800_000, 20_000, 20_000),
                        new MultiNodeResult.ServerFigures("server 1", 12, 0, 0.01, 0, 0, 0, 0, 0)),
                redis(0.06, 0.12, 0.06), 0.5, 0.9, 2);
        MultiNodeResult.Phase many = new MultiNodeResult.Phase(2, 60, COUNTS, new LoadCounters.Exact(20_000, 800_000, 799_000),
                new LatencySummary(799_000, 1.5, 7.0, 11.0, 30), new LatencySummary(450_000, 1.6, 7.5, 12.0, 30),
                new LatencySummary(10, 0.1, 1, 2, 3), 0.57, 0.56,
                List.of(new MultiNodeResult.ServerFigures("server 0", 11, 500, 3.3, 0.1, 10_000, 400_000, 10_000, 20_000),
                        new MultiNodeResult.ServerFigures("server 1", 12, 500, 3.3, 0.1, 10_000, 400_000, 10_000, 20_000)),
                redis(0.09, 0.12, 0.06), 0.5, 0.95, 2);
        MultiNodeResult.Shape shape = new MultiNodeResult.Shape(1000, 80, 40, Duration.ofSeconds(3), 0.2,
                Duration.ofSeconds(20), Duration.ofSeconds(60), 5, "-XX:+UseZGC", "seed");
        MultiNodeResult.World world = new MultiNodeResult.World(2, 3, true, "Redis Cluster, 3 masters + 3 replicas (test kit)",
                3, 3, "PostgreSQL");
        return new MultiNodeResult("./nearby bench --servers 2", "2026-12-04T02:30:00Z",
                new MachineFacts(2, "AMD EPYC", 24_000_000, "Linux", "Java 25"), new double[] {1, 1, 1},
                new double[] {2, 2, 2}, shape, world, 60, 82_000,
                new BenchResult.IdleMemory(1000, true, 0, 0, 100e6, 100e6 + 1000 * 30 * 1024), 0.01, one, many);
    }

    @Test
    void phasesDeriveFleetAndPerNodeFigures() {
        MultiNodeResult r = result();

        assertThat(r.one().fleetCores()).as("the idle server is shown, not counted").isEqualTo(6.0);
        assertThat(r.one().fleetCpuPerUpdateMicros()).isCloseTo(6.0 * 60 * 1e6 / 20_000, within(1e-6));
        assertThat(r.many().fleetCpuPerDeliveryMicros()).isCloseTo(6.6 * 60 * 1e6 / 800_000, within(1e-6));
        assertThat(r.many().serversPerPublish()).isEqualTo(2);
        assertThat(r.many().ringCpuPerServerDeliveryMicros()).isCloseTo(0.09 * 60 * 1e6 / 40_000, within(1e-9));
        assertThat(r.many().cacheCpuPerUpdateMicros()).as("masters only").isCloseTo(0.12 * 60 * 1e6 / 20_000, within(1e-9));
        assertThat(r.many().otherCores()).isCloseTo(0.95 * 2 - (6.6 + 0.27 + 0.5), within(1e-9));

        CapacityFigures f = CapacityFigures.fromRun(r);
        assertThat(f.receivesPerUpdateOne()).isEqualTo(1);
        assertThat(f.receivesPerUpdateMany()).isEqualTo(2);
        assertThat(f.heapKibPerConnection()).isCloseTo(30, within(1e-9));
        assertThat(f.idleUsPerConnectionSecond()).isCloseTo(10, within(1e-9));
        assertThat(f.cacheReplicaUsPerUpdate()).isCloseTo(180, within(1e-9));
    }

    @Test
    void theReportShowsBothWindowsSideBySide() {
        String md = MultiNodeReport.markdown(result(), "bench-x-figures.properties");

        assertThat(md).contains("Command: `./nearby bench --servers 2`")
                .contains("| figure | 1 server | 2 servers |")
                .contains("| cross-server end-to-end p50 / p99 / p99.9, ms | n/a | 1.60 / 7.50 / 12.0 |")
                .contains("| servers' CPU per update, µs (Σ CPU ÷ Σ updates) | 18000.0 | 19800.0 |")
                .contains("| servers reached per publish (Σ Pub/Sub received ÷ Σ published) | 1.00 | 2.00 |")
                .contains("### Per server, 2-server window")
                .contains("| cache :3 | cache replica | 0.060 | 0.060 |")
                .contains("57.0% of friend pairs")
                .contains("## Capacity model from this run")
                .contains("| **servers** | max(CPU upper bound, memory) |");
    }
}
