package io.nearby.server.observe;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;
import io.nearby.api.JsonBodies;

/**
 * {@code GET /health} (readiness with details), {@code /health/live}, {@code /health/ready}. Unauthenticated:
 * probes carry no token; the details name dependencies and their state, never user data.
 * <pre>curl -s localhost:8080/health</pre>
 */
public final class HealthService implements HttpService {
    private final Health health;

    public HealthService(Health health) {
        this.health = health;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> ready(res))
                .get("/ready", (req, res) -> ready(res))
                .get("/live", (req, res) -> JsonBodies.send(res, Map.of("status", "UP")));
    }

    private void ready(ServerResponse res) {
        Health.Report report = health.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "UP" : "DOWN");
        body.put("draining", report.draining());
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, r) -> checks.put(name, Map.of("status", r.up() ? "UP" : "DOWN", "detail", r.detail())));
        body.put("checks", checks);
        JsonBodies.send(res, report.ready() ? 200 : 503, body);
    }
}
