package io.nearby.server.observe;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.nearby.api.ApiError;
import io.nearby.api.JsonBodies;

/**
 * Health for probes and for operators.
 *
 * <ul>
 *   <li>{@code GET /health/live}: {@code {"status":"UP"}} while the process serves. For anyone.</li>
 *   <li>{@code GET /health/ready} (and {@code GET /health}, the same): 200 {@code {"status":"UP","draining":false}}
 *       when ready, 503 {@code {"status":"DOWN","draining":…}} when draining or a critical check is down. Status only,
 *       for anyone (load balancers, Kubernetes probes): no check names, no details, no addresses.</li>
 *   <li>{@code GET /health/details}: the readiness status plus every check with its detail (addresses redacted), same
 *       status code as readiness. Only with {@code Authorization: Bearer $NEARBY_ADMIN_TOKEN}: a missing or wrong
 *       token gets 401; without {@code NEARBY_ADMIN_TOKEN} configured the details are not served at all (404).</li>
 * </ul>
 * <pre>
 * curl -s localhost:8080/health/ready
 * curl -s -H "Authorization: Bearer $NEARBY_ADMIN_TOKEN" localhost:8080/health/details
 * </pre>
 */
public final class HealthService implements HttpService {
    private final Health health;
    private final AdminToken admin;

    public HealthService(Health health, AdminToken admin) {
        this.health = health;
        this.admin = admin;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> ready(res))
                .get("/ready", (req, res) -> ready(res))
                .get("/live", (req, res) -> JsonBodies.send(res, Map.of("status", "UP")))
                .get("/details", this::details);
    }

    private void ready(ServerResponse res) {
        Health.Report report = health.report();
        JsonBodies.send(res, report.ready() ? 200 : 503, status(report));
    }

    private void details(ServerRequest req, ServerResponse res) {
        if (!admin.configured()) {
            ApiError.NOT_FOUND.send(res, "health details are disabled: the server has no NEARBY_ADMIN_TOKEN");
            return;
        }
        if (!admin.authorizes(req.headers().first(HeaderNames.AUTHORIZATION))) {
            ApiError.UNAUTHORIZED.send(res, "health details need Authorization: Bearer <NEARBY_ADMIN_TOKEN>");
            return;
        }
        Health.Report report = health.report();
        Map<String, Object> body = status(report);
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, r) -> checks.put(name, Map.of("status", r.up() ? "UP" : "DOWN", "detail", r.detail())));
        body.put("checks", checks);
        JsonBodies.send(res, report.ready() ? 200 : 503, body);
    }

    private static Map<String, Object> status(Health.Report report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "UP" : "DOWN");
        body.put("draining", report.draining());
        return body;
    }
}
