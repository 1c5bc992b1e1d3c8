package io.nearby.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.nearby.server.config.NearbyConfig;
import io.nearby.server.observe.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** In-process server tier: the real wiring on a free port, no backends needed for health and metrics. */
class NearbyServerTest {
    private static NearbyServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = NearbyServer.start(NearbyConfig.fromEnvironment(Map.of("NEARBY_HTTP_PORT", "0", "NEARBY_DEV_MODE", "true")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersLiveAndReady() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
        assertThat(ready.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    }

    @Test
    void readinessTurnsDownWithACriticalDependency() throws Exception {
        server.health().add(HealthCheck.of("flaky", true, () -> HealthCheck.Result.down("test says down")));
        try {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("test says down");
            assertThat(get("/health/live").statusCode()).as("liveness does not depend on dependencies").isEqualTo(200);
        } finally {
            server.health().remove("flaky");
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
}
