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
import java.util.concurrent.atomic.AtomicBoolean;

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
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final GeoPoint HOME = new GeoPoint(35.6762, 139.6503);
    private static final int CLIENTS = 10;

    private static int status(NearbyServer server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    @Test
    void drainReportsNotReadyRefusesNewSessionsAndClosesEveryWebSocketWith1001OverTheWindow() throws Exception {
        try (Cluster cluster = Cluster.builder().env("NEARBY_DRAIN_SECONDS", "2").start()) {
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
            AtomicBoolean drained = new AtomicBoolean();
            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
                server.drainAndStop();
                drained.set(true);
            }, r -> Thread.ofPlatform().name("drain").start(r));

            // not ready while sessions are still being closed
            await("readiness turns 503").atMost(Duration.ofSeconds(1)).until(() -> status(server, "/health/ready") == 503);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"draining\":true");
            assertThat(clients.stream().filter(c -> !c.isClosed()).count()).as("sessions still open while not ready").isPositive();
            assertThat(status(server, "/health/live")).as("alive while draining").isEqualTo(200);

            // a new connection during the drain is refused before the upgrade: 503, it goes to another server
            assertThat(WsClient.refusedStatus(cluster.wsUri(0, cluster.token(late)), null)).as("a newcomer during the drain")
                    .isEqualTo(503);
            assertThat(drained).as("still draining when the newcomer was turned away").isFalse();

            long[] closedAt = new long[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(clients.get(i).awaitClose()).as(clients.get(i).name() + " close code").isEqualTo(1001);
                closedAt[i] = clients.get(i).closedAtNanos();
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (long t : closedAt) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            Duration spread = Duration.ofNanos(last - first);
            System.out.printf("DrainIT: %d closes spread over %d ms (first %d ms after drainAndStop, last %d ms)%n",
                    CLIENTS, spread.toMillis(), (first - drainStarted) / 1_000_000, (last - drainStarted) / 1_000_000);
            assertThat(spread).as("closes spread over the 2 s window").isBetween(Duration.ofSeconds(1), Duration.ofMillis(2_500));

            drain.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(server.sessionCount()).isZero();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding()))
                    .as("stopped after the drain").isInstanceOf(ConnectException.class);
            clients.forEach(WsClient::close);
        }
    }
}
