package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.testkit.CassandraServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cassandra dies while two friends exchange updates: the live path does not notice (every {@code friend_location}
 * still arrives, without added latency), history points are dropped and counted, the server stays ready, and once
 * Cassandra is back new points are stored again without any intervention.
 */
class HistoryOutageIT {
    private static final GeoPoint HOME = new GeoPoint(37.7749, -122.4194);
    private static final int ROUNDS = 30;
    private static final Duration PACE = Duration.ofMillis(100);

    @Test
    void killingCassandraDropsHistoryPointsButNeverSlowsTheLivePathAndHistoryRecoversByItself() {
        try (CassandraServer node = CassandraServer.start();
             Cluster server = Cluster.builder().env(Map.of(
                     "NEARBY_CASSANDRA_CONTACT_POINTS", node.contactPoint(),
                     "NEARBY_CASSANDRA_KEYSPACE", node.newKeyspaceName(),
                     "NEARBY_CASSANDRA_DC", node.localDatacenter())).start()) {
            server.awaitHistoryUp();
            String alice = Cluster.id("alice");
            String bob = Cluster.id("bob");
            server.user(alice);
            server.user(bob);
            server.befriend(alice, bob);
            try (WsClient a = server.connect(alice); WsClient b = server.connect(bob)) {
                a.init(HOME.lat(), HOME.lon(), System.currentTimeMillis());
                a.expect("nearby");
                GeoPoint bobAt = GreatCircle.destination(HOME, 0, 500);
                b.init(bobAt.lat(), bobAt.lon(), System.currentTimeMillis());
                b.expect("nearby");
                a.processed();
                b.processed();

                List<Double> baseline = exchange(a, alice, b, bob);
                await("baseline points stored").atMost(Duration.ofSeconds(10)).until(() -> server.historyWritten() >= 2 * ROUNDS + 2);
                double droppedBefore = server.historyDropped();

                node.kill();
                List<Double> outage = exchange(a, alice, b, bob);
                await("points dropped and counted").atMost(Duration.ofSeconds(10)).until(() -> server.historyDropped() > droppedBefore);

                Rest.Response health = server.admin(0).call("GET", "/health/details", null);
                assertThat(health.status()).as("history is not critical: " + health.body()).isEqualTo(200);
                assertThat(health.json().path("checks").path("history").path("status").asText()).isEqualTo("DOWN");
                Rest.Response query = server.rest(alice).call("GET", "/api/users/me/history", null);
                assertThat(query.status()).as(query.body()).isEqualTo(503);
                assertThat(query.json().path("error").asText()).isEqualTo("unavailable");

                String report = String.format("friend_location latency ms: baseline %s; Cassandra killed %s; dropped %.0f",
                        stats(baseline), stats(outage), server.historyDropped());
                System.out.println(report);
                // The two periods follow each other on a shared 2-core machine, in a JVM that also runs the Cassandra
                // driver's reconnects and a second Cassandra: contention alone moves a median of a few ms by tens of ms.
                // Waiting for Cassandra costs far more: a write blocked until the driver's 2 s request timeout, or a
                // connect attempt (2 s timeout). So: the median stays within a margin of the baseline, and nine in ten
                // updates arrive well inside the time any such wait would take.
                assertThat(percentile(outage, 50)).as(report).isLessThanOrEqualTo(2 * percentile(baseline, 50) + 100);
                assertThat(percentile(outage, 90)).as(report).isLessThan(1_000);

                node.restart();
                long restarted = System.currentTimeMillis();
                await("new points stored after the restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions()
                        .until(() -> {
                            a.location(HOME.lat(), HOME.lon(), System.currentTimeMillis());
                            b.drain(m -> false);
                            List<JsonNode> points = server.rest(alice).history("?limit=1");
                            return !points.isEmpty() && points.getFirst().path("ts").asLong() >= restarted;
                        });
                System.out.println("history stored again " + (System.currentTimeMillis() - restarted) + " ms after Cassandra answered");
                // UP needs the driver to see the node and the last completed write to have succeeded: a write sent
                // before the node was back may still fail after a newer one succeeded
                await("history reported UP again").atMost(Duration.ofSeconds(15))
                        .until(() -> server.server(0).health().report().checks().get("history").up());
            }
        }
    }

    /** {@value #ROUNDS} rounds: a moves, b must see it; b moves, a must see it. The send-to-receive times, ms. */
    private static List<Double> exchange(WsClient a, String alice, WsClient b, String bob) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            latencies.add(move(a, b, alice, GreatCircle.destination(HOME, 90, i)));
            latencies.add(move(b, a, bob, GreatCircle.destination(HOME, 0, 500 + i)));
            LockSupport.parkNanos(PACE.toNanos());
        }
        return latencies;
    }

    private static double move(WsClient mover, WsClient friend, String moverId, GeoPoint to) {
        long start = System.nanoTime();
        mover.location(to.lat(), to.lon(), System.currentTimeMillis());
        friend.expectFriendLocation(moverId);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double percentile(List<Double> samples, double p) {
        List<Double> sorted = samples.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
    }

    private static String stats(List<Double> samples) {
        return String.format("p50 %.1f, p90 %.1f, max %.1f (n=%d)", percentile(samples, 50), percentile(samples, 90),
                percentile(samples, 100), samples.size());
    }
}
