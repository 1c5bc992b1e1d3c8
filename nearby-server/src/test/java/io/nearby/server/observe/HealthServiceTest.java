package io.nearby.server.observe;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import io.helidon.webserver.WebServer;
import io.nearby.api.ApiErrorHandlers;
import io.nearby.testkit.HttpCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HealthService} through a real Helidon listener: status for anyone, details only for the operator token. */
class HealthServiceTest {
    private static final String ADMIN = "admin-token-for-tests-0123456789abcdef";
    private static final String SECRET_DETAIL = "redis://nearby:s3cret@cache.internal:6379";
    private final Health health = new Health();
    private WebServer server;

    private void start(AdminToken admin) {
        health.add(HealthCheck.of("location-cache", true, () -> HealthCheck.Result.up(SECRET_DETAIL)));
        health.add(HealthCheck.of("history", false, () -> HealthCheck.Result.down("cassandra 10.0.0.7:9042 (down)")));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            ApiErrorHandlers.register(r);
            r.register("/health", new HealthService(health, admin));
        }).build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpCalls.request(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpCalls.send(request.build());
    }

    @Test
    void probesGetTheStatusOnlyWhateverTheyPresent() throws Exception {
        start(AdminToken.of(Optional.of(ADMIN)));
        for (String path : new String[] {"/health", "/health/ready", "/health/live"}) {
            for (String auth : new String[] {null, "Bearer " + ADMIN}) {
                HttpResponse<String> r = get(path, auth);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).startsWith("{\"status\":\"UP\"")
                        .doesNotContain("checks", "location-cache", "history", "redis", "cassandra", "s3cret");
            }
        }
        assertThat(get("/health/ready", null).body()).isEqualTo("{\"status\":\"UP\",\"draining\":false}");
        assertThat(get("/health/live", null).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void notReadyIs503WithTheStatusOnly() throws Exception {
        start(AdminToken.none());
        health.add(HealthCheck.of("user-db", true, () -> HealthCheck.Result.down("jdbc:postgresql://db/n?password=pw")));
        HttpResponse<String> ready = get("/health", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"draining\":false}");
        health.startDraining();
        assertThat(get("/health/ready", null).body()).isEqualTo("{\"status\":\"DOWN\",\"draining\":true}");
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void detailsNeedTheAdminTokenAndRedactCredentials() throws Exception {
        start(AdminToken.of(Optional.of(ADMIN)));
        for (String wrong : new String[] {null, "Bearer", "Bearer nope", "Bearer " + ADMIN + "x", "Basic " + ADMIN,
                "Bearer " + ADMIN.substring(1)}) {
            HttpResponse<String> r = get("/health/details", wrong);
            assertThat(r.statusCode()).as(String.valueOf(wrong)).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(r.body()).contains("\"error\":\"unauthorized\"").doesNotContain("location-cache", "s3cret");
        }
        HttpResponse<String> details = get("/health/details", "Bearer " + ADMIN);
        assertThat(details.statusCode()).as(details.body()).isEqualTo(200);
        assertThat(details.body()).startsWith("{\"status\":\"UP\",\"draining\":false,\"checks\":{")
                .contains("\"location-cache\":", "redis://nearby:***@cache.internal:6379", "\"history\":", "DOWN")
                .doesNotContain("s3cret");
        assertThat(get("/health/details", "bearer  " + ADMIN + " ").statusCode()).as("scheme in any case").isEqualTo(200);
    }

    @Test
    void withoutAnAdminTokenTheDetailsAreNotServed() throws Exception {
        start(AdminToken.none());
        HttpResponse<String> r = get("/health/details", "Bearer " + ADMIN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("not_found", "NEARBY_ADMIN_TOKEN").doesNotContain("location-cache");
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertThat(AdminToken.of(Optional.of(ADMIN)).toString()).doesNotContain(ADMIN);
        assertThat(AdminToken.of(Optional.of(ADMIN)).authorizes(Optional.of("Bearer " + ADMIN))).isTrue();
        assertThat(AdminToken.none().authorizes(Optional.of("Bearer "))).isFalse();
    }
}
