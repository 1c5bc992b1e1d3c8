package io.nearby.server.it;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.server.NearbyServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md "graceful drain": what SIGTERM calls ({@link NearbyServer#drainAndStop()}) reports not-ready at once,
 * refuses new upgrades with 503, closes every open WebSocket with 1001 spread over NEARBY_DRAIN_SECONDS (so clients do not
 * all reconnect to the other servers at the same instant), then stops.
 */
class DrainIT {
    /** A hung server fails the request, not the build. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private static final GeoPoint HOME = new GeoPoint(35.6762, 139.6503);
    private static final int CLIENTS = 10;
    /**
     * Long enough that the test's own steps during the drain (readiness polls, a newcomer's handshake) always happen
     * well inside it on a loaded machine, short enough to keep the test quick.
     */
    private static final Duration WINDOW = Duration.ofSeconds(6);

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(HTTP_TIMEOUT).build();
    }

    private static int status(NearbyServer server, String path) {
        try {
            return HTTP.send(get(server.port(), path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    @Test
    void drainReportsNotReadyRefusesNewSessionsAndClosesEveryWebSocketWith1001OverTheWindow() throws Exception {
        try (Cluster cluster = Cluster.builder().env("NEARBY_DRAIN_SECONDS", Long.toString(WINDOW.toSeconds())).start()) {
            NearbyServer server = cluster.server(0);
            int port = server.port();
            List<String> ids = new ArrayList<>();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String id = Cluster.id("d" + i);
                ids.add(id);
                cluster.user(id);
            }
            String late = Cluster.id("late");
            cluster.user(late);
            for (int i = 0; i < CLIENTS; i++) {
                WsClient c = cluster.connect(ids.get(i));
                GeoPoint p = GreatCircle.destination(HOME, 0, i * 100);
                c.init(p.lat(), p.lon());
                c.expect("nearby");
                clients.add(c);
            }
            assertThat(status(server, "/health/ready")).isEqualTo(200);
            assertThat(server.sessionCount()).isEqualTo(CLIENTS);

            long drainStarted = System.nanoTime();
            CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
                server.drainAndStop();
                return System.nanoTime();
            }, r -> Thread.ofPlatform().name("drain").start(r));

            // not ready while sessions are still being closed
            await("readiness turns 503").atMost(Duration.ofSeconds(1)).until(() -> status(server, "/health/ready") == 503);
            assertThat(HTTP.send(get(port, "/health/ready"), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"draining\":true");
            assertThat(clients.stream().filter(c -> !c.isClosed()).count()).as("sessions still open while not ready").isPositive();
            assertThat(status(server, "/health/live")).as("alive while draining").isEqualTo(200);

            // a new connection during the drain is refused before the upgrade: 503, it goes to another server
            assertThat(WsClient.refusedStatus(cluster.wsUri(0, cluster.token(late)), null)).as("a newcomer during the drain")
                    .isEqualTo(503);
            long newcomerRefusedAt = System.nanoTime();

            long[] closedAt = new long[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                // sessions are closed in no particular order, the last one (CLIENTS - 1) pauses into the window
                assertThat(clients.get(i).awaitClose(WINDOW.plus(WsClient.WAIT))).as(clients.get(i).name() + " close code")
                        .isEqualTo(1001);
                closedAt[i] = clients.get(i).closedAtNanos();
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (long t : closedAt) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            Duration spread = Duration.ofNanos(last - first);
            // one close every WINDOW / CLIENTS: the first at once, the last (CLIENTS - 1) pauses later. Sleeps only
            // overshoot, and each close reaches its client after a scheduling delay of its own
            Duration nominal = WINDOW.multipliedBy(CLIENTS - 1).dividedBy(CLIENTS);
            System.out.printf("DrainIT: %d closes spread over %d ms (nominal %d ms; first %d ms after drainAndStop, last"
                    + " %d ms)%n", CLIENTS, spread.toMillis(), nominal.toMillis(), (first - drainStarted) / 1_000_000,
                    (last - drainStarted) / 1_000_000);
            assertThat(spread).as("closes spread over the %d s window", WINDOW.toSeconds())
                    .isBetween(nominal.minusSeconds(1), nominal.plusSeconds(2));

            long drainReturned = drained.get(WINDOW.plusSeconds(10).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(newcomerRefusedAt).as("the newcomer was turned away while the drain ran").isLessThan(drainReturned);
            assertThat(server.sessionCount()).isZero();
            // a client of its own: no pooled keep-alive connection to the stopped server
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
            assertThatThrownBy(() -> fresh.send(get(port, "/health/live"), HttpResponse.BodyHandlers.discarding()))
                    .as("stopped after the drain").isInstanceOf(ConnectException.class);
            clients.forEach(WsClient::close);
        }
    }
}
