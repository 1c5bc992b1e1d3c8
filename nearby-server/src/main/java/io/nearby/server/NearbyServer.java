package io.nearby.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nearby.api.ApiDirectHandler;
import io.nearby.api.ApiErrorHandlers;
import io.nearby.api.AuthFilter;
import io.nearby.api.DevTokenService;
import io.nearby.api.JsonBodies;
import io.nearby.api.RateLimitFilter;
import io.nearby.api.TokenIssuer;
import io.nearby.api.TokenVerifier;
import io.nearby.friends.FriendsService;
import io.nearby.friends.UsersService;
import io.nearby.server.config.NearbyConfig;
import io.nearby.server.demo.DemoCrowds;
import io.nearby.server.demo.DemoService;
import io.nearby.server.observe.AdminToken;
import io.nearby.server.observe.Health;
import io.nearby.server.observe.HealthService;
import io.nearby.server.observe.Meters;
import io.nearby.server.observe.MetricsService;
import io.nearby.server.observe.RequestHeadDeadline;
import io.nearby.server.protocol.ClientMessageParser;
import io.nearby.server.session.SessionRegistry;
import io.nearby.server.session.WsAdmission;
import io.nearby.server.session.WsEndpoint;
import io.nearby.server.web.WebClient;

/**
 * One Nearby Friends server process: the HTTP listener (REST, WebSocket, health, metrics) and the components
 * behind it. {@link #start} is the only wiring; {@link Main} and the tests both use it, so production and test
 * wiring cannot drift.
 */
public final class NearbyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NearbyServer.class.getName());
    /** Largest REST body; WebSocket frames are limited separately by {@link ClientMessageParser#MAX_MESSAGE_CHARS}. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final NearbyConfig config;
    private final Health health = new Health();
    private final PrometheusMeterRegistry meters = Meters.newRegistry();
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
    private final Backends backends;
    private final SessionRegistry sessions;
    /** Dev mode only: the demo crowds, real clients of this server over loopback. */
    private final DemoCrowds demos;
    private final RequestHeadDeadline headDeadline;
    private final WebServer webServer;

    private NearbyServer(NearbyConfig config, Clock clock) {
        this.config = config;
        this.backends = Backends.open(config, clock, async, meters, health);
        try {
            TokenVerifier verifier = new TokenVerifier(config.auth().jwtSecret(), clock);
            this.demos = config.auth().devMode()
                    ? new DemoCrowds(config.demo(), config.rules().radius().meters(),
                            new TokenIssuer(config.auth().jwtSecret(), clock), this::selfUri, clock)
                    : null;
            this.sessions = new SessionRegistry(backends.sessionServices(config, clock, async, meters, verifier), meters);
            this.headDeadline = new RequestHeadDeadline(config.http().headerTimeout(), meters);
            WsConfig websocket = WsConfig.builder().name("websocket").maxFrameLength(ClientMessageParser.MAX_MESSAGE_CHARS).build();
            this.webServer = WebServer.builder()
                    .host(config.http().host())
                    .port(config.http().port())
                    // the drain below owns shutdown: Helidon's own hook would stop the listener under the open sockets
                    .shutdownHook(false)
                    .idleConnectionTimeout(config.http().idleTimeout())
                    .idleConnectionPeriod(java.time.Duration.ofSeconds(1))
                    .connectionOptions(o -> o.socketSendBufferSize(config.ws().sendBufferKiB() * 1024))
                    // a plain socket per connection holds one 8 KiB read buffer; Helidon's NIO socket holds two
                    // (read and write), 8 KiB more per idle WebSocket — docs/benchmarks.md, memory per connection
                    .useNio(false)
                    .maxPayloadSize(MAX_PAYLOAD_BYTES)
                    .directHandlers(ApiDirectHandler.directHandlers())
                    .addProtocol(websocket)
                    .addConnectionSelector(headDeadline.selector("@default", List.of(websocket)))
                    .routing(r -> routing(r, verifier, clock))
                    .addRouting(WsRouting.builder().endpoint("/ws", () -> new WsEndpoint(verifier, sessions)))
                    .build();
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    /** Starts a server; with port 0 in the configuration the actual port is {@link #port()}. */
    public static NearbyServer start(NearbyConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static NearbyServer start(NearbyConfig config, Clock clock) {
        NearbyServer server = new NearbyServer(config, clock);
        try {
            server.webServer.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Nearby Friends listening on http://localhost:" + server.port()
                + " (radius " + config.rules().radiusMiles() + " mi, dev mode " + config.auth().devMode() + ")");
        return server;
    }

    private void routing(HttpRouting.Builder routing, TokenVerifier verifier, Clock clock) {
        JsonBodies bodies = JsonBodies.create();
        ApiErrorHandlers.register(routing);
        routing.addFilter(headDeadline.filter())
                .addFilter(new WsAdmission(sessions, config.http().maxConnections()))
                .addFilter(new AuthFilter(verifier))
                .addFilter(RateLimitFilter.withDefaults())
                .register("/health", new HealthService(health, AdminToken.of(config.auth().adminToken())))
                .register("/metrics", new MetricsService(meters))
                // registered before /api/users so that this exact path reaches the history service
                .register("/api/users/me/history", backends.historyService(config, clock))
                .register("/api/users", new UsersService(backends.users(), bodies, clock, config.rules().maxAlertMeters()))
                .register("/api/friends", new FriendsService(backends.friends(), bodies));
        if (config.auth().devMode()) {
            routing.register("/api/dev/token", new DevTokenService(new TokenIssuer(config.auth().jwtSecret(), clock), bodies))
                    .register("/api/dev/demo", new DemoService(demos, bodies));
        }
        // last: the web client's files answer every path no service above claimed
        WebClient.register(routing, config);
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

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** WebSocket sessions open on this server. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * SIGTERM: report not-ready, stop taking WebSocket connections, close the open ones with 1001 spread over the
     * drain window, then stop.
     */
    public void drainAndStop() {
        health.startDraining();
        stopDemos();
        sessions.drain(config.http().drainWindow());
        close();
    }

    /** This server as its own client sees it: {@code http://127.0.0.1:<port>} when it listens on every address. */
    private URI selfUri() {
        try {
            InetAddress host = InetAddress.getByName(config.http().host());
            String address = host.isAnyLocalAddress() ? "127.0.0.1"
                    : host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
            return URI.create("http://" + address + ":" + port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("NEARBY_HTTP_HOST " + config.http().host() + " no longer resolves", e);
        }
    }

    /** The demo crowds clean up through this server's own REST API, so they stop while it still serves. */
    private void stopDemos() {
        if (demos != null) {
            demos.close();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(this::stopDemos, webServer::stop, headDeadline, sessions, backends,
                async::shutdownNow, meters::close)) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping: " + e);
            }
        }
    }
}
