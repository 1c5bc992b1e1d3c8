package io.nearby.server.observe;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /health} (readiness with details), {@code /health/live}, {@code /health/ready}. Unauthenticated:
 * probes carry no token; the details name dependencies and their state, never user data.
 * <pre>curl -s localhost:8080/health</pre>
 */
public final class HealthService implements HttpService {
    private final Health health;
    private final ObjectMapper json;

    public HealthService(Health health, ObjectMapper json) {
        this.health = health;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> ready(res))
                .get("/ready", (req, res) -> ready(res))
                .get("/live", (req, res) -> send(res, Status.OK_200, Map.of("status", "UP")));
    }

    private void ready(ServerResponse res) throws JsonProcessingException {
        Health.Report report = health.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "UP" : "DOWN");
        body.put("draining", report.draining());
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, r) -> checks.put(name, Map.of("status", r.up() ? "UP" : "DOWN", "detail", r.detail())));
        body.put("checks", checks);
        send(res, report.ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private void send(ServerResponse res, Status status, Object body) throws JsonProcessingException {
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(json.writeValueAsString(body));
    }
}
