package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpResponse;

import io.nearby.server.observe.HealthCheck;
import io.nearby.testkit.HttpCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and metrics of a real server on real backends: status and metrics are open to probes and scrapers (no token),
 * the detailed health report needs the operator token.
 */
class ObservabilityIT {
    /** A hung server fails the request, not the build. */
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpCalls.get(URI.create("http://localhost:" + cluster.server(0).port() + path));
    }

    /** With the operator token (the only way to the detailed report). */
    private static HttpResponse<String> details() throws Exception {
        return HttpCalls.call("GET", URI.create("http://localhost:" + cluster.server(0).port() + "/health/details"),
                Cluster.ADMIN_TOKEN, null);
    }

    @Test
    void healthListsEveryBackendAndIsReady() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).as("status only, for anyone").isEqualTo("{\"status\":\"UP\",\"draining\":false}");
        assertThat(ready.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        HttpResponse<String> details = details();
        assertThat(details.statusCode()).as(details.body()).isEqualTo(200);
        assertThat(details.body()).contains("\"status\":\"UP\"", "location-cache", "pubsub", "pubsub-ring", "user-db", "history");
        assertThat(get("/health/details").statusCode()).as("details without the operator token").isEqualTo(401);
    }

    @Test
    void readinessTurnsDownWithACriticalDependency() throws Exception {
        cluster.server(0).health().add(HealthCheck.of("flaky", true, () -> HealthCheck.Result.down("test says down")));
        try {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"draining\":false}");
            HttpResponse<String> details = details();
            assertThat(details.statusCode()).isEqualTo(503);
            assertThat(details.body()).contains("\"flaky\":", "test says down");
            assertThat(get("/health/live").statusCode()).as("liveness does not depend on dependencies").isEqualTo(200);
        } finally {
            cluster.server(0).health().remove("flaky");
        }
    }

    @Test
    void metricsArePrometheusTextWithTheProductMeters() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge", "nearby_ws_connections", "nearby_location_updates_total",
                "nearby_fanout_deliveries_total", "nearby_fanout_latency_seconds_bucket", "nearby_ring_size", "nearby_pubsub_published_total");
    }
}
