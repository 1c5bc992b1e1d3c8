package io.nearby.server.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link GrafanaDashboard} finds the metric names of a PromQL expression (what ClusterCacheIT then looks for in a
 * real server's {@code /metrics}): functions, keywords, label names, ranges and numbers are not metrics.
 */
class GrafanaDashboardTest {
    @Test
    void findsTheMetricsOfAQuantileOverARate() {
        assertThat(GrafanaDashboard.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(nearby_fanout_latency_seconds_bucket{namespace=\"$namespace\"}[$__rate_interval])))"))
                .containsExactly("nearby_fanout_latency_seconds_bucket");
    }

    @Test
    void findsEveryMetricOfAnArithmeticExpressionAndNoNumber() {
        assertThat(GrafanaDashboard.metricNames("1e6 * sum(rate(process_cpu_time_ns_total[5m])) / 1e9"
                + " / sum without (pod) (rate(nearby_location_updates_total{a=\"b\"}[1m]))"))
                .containsExactly("process_cpu_time_ns_total", "nearby_location_updates_total");
    }

    @Test
    void aBareSelectorIsItsMetric() {
        assertThat(GrafanaDashboard.metricNames("nearby_pubsub_queue{namespace=\"nearby\", pod=~\"nearby-server-.*\"}"))
                .containsExactly("nearby_pubsub_queue");
        assertThat(GrafanaDashboard.metricNames("max(nearby_cache_shards_down) or on (pod) vector(0)"))
                .containsExactly("nearby_cache_shards_down");
    }

    @Test
    void theRepositorysDashboardHasPanelsEachWithAMetric() {
        GrafanaDashboard dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
        assertThat(dashboard.panels()).hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(p -> assertThat(p.metrics()).as(p.title()).isNotEmpty());
    }
}
