package io.nearby.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nearby.server.config.NearbyConfig;
import io.nearby.server.observe.Health;
import io.nearby.server.observe.HealthService;
import io.nearby.server.observe.Meters;
import io.nearby.server.observe.MetricsService;

/**
 * One Nearby Friends server process: the HTTP listener (REST, WebSocket, health, metrics) and the
 * components behind it. {@link #start} is the only wiring; {@link Main} and the tests both use it, so
 * production and test wiring cannot drift.
 */
public final class NearbyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NearbyServer.class.getName());

    private final NearbyConfig config;
    private final Health health;
    private final PrometheusMeterRegistry meters;
    private final WebServer webServer;

    private NearbyServer(NearbyConfig config) {
        this.config = config;
        this.health = new Health();
        this.meters = Meters.newRegistry();
        ObjectMapper json = new ObjectMapper();
        this.webServer = WebServer.builder()
                .port(config.http().port())
                .routing(r -> routing(r, json))
                .build();
    }

    /** Starts the server with the given configuration; the port is {@link #port()} (useful when configured as 0). */
    public static NearbyServer start(NearbyConfig config) {
        NearbyServer server = new NearbyServer(config);
        server.webServer.start();
        LOG.log(System.Logger.Level.INFO, "Nearby Friends listening on http://localhost:" + server.port());
        return server;
    }

    private void routing(HttpRouting.Builder routing, ObjectMapper json) {
        routing.register("/health", new HealthService(health, json))
                .register("/metrics", new MetricsService(meters));
    }

    public int port() {
        return webServer.port();
    }

    public NearbyConfig config() {
        return config;
    }

    public Health health() {
        return health;
    }

    /** SIGTERM: report not-ready, then stop. */
    public void drainAndStop() {
        health.startDraining();
        close();
    }

    @Override
    public void close() {
        webServer.stop();
        meters.close();
    }
}
