package io.nearby.server.observe;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} in the Prometheus text format. Unauthenticated, as scrapers expect; it exposes
 * counts and latencies, never ids or positions.
 */
public final class MetricsService implements HttpService {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    public MetricsService(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT).send(registry.scrape()));
    }
}
