package io.nearby.server.it;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.history.DayBuckets;
import io.nearby.testkit.CassandraServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Location history end to end on the test kit's real Cassandra: updates sent over the WebSocket are queried back
 * over REST (newest first, across a UTC day boundary, with the server's clock injected), only ever by their owner,
 * and deleted by their owner only; bad query parameters get a 400 that names the parameter.
 */
class HistoryIT {
    /** 2025-06-30T00:00:00Z: the day boundary the scripted updates straddle. */
    static final long MIDNIGHT = Instant.parse("2025-06-30T00:00:00Z").toEpochMilli();
    private static final CassandraServer cassandra = CassandraServer.shared();
    private static String keyspace;
    private static JumpingClock clock;
    private static Cluster server;

    @BeforeAll
    static void start() {
        keyspace = cassandra.newKeyspaceName();
        clock = JumpingClock.startingAt(MIDNIGHT - 1_000); // the server believes it is 23:59:59.000 when the tests begin
        server = Cluster.builder().clock(clock).env(Map.of(
                "NEARBY_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint(),
                "NEARBY_CASSANDRA_KEYSPACE", keyspace,
                "NEARBY_CASSANDRA_DC", cassandra.localDatacenter())).start();
        server.awaitHistoryUp();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void updatesSentOverTheWebSocketAreQueriedNewestFirstAcrossADayBoundary() {
        String alice = Cluster.id("alice");
        server.user(alice);
        long initTs = MIDNIGHT - 500;
        try (WsClient ws = server.connect(alice)) {
            ws.init(37.7749, -122.4194, initTs);
            ws.expect("nearby");
            ws.location(37.7750, -122.4195, MIDNIGHT - 100);   // 23:59:59.900
            ws.location(37.7751, -122.4196, MIDNIGHT + 100);   // 00:00:00.100, the next day
            ws.processed();
        }
        List<JsonNode> points = server.awaitHistory(alice, "", 3);
        assertThat(points).extracting(p -> p.path("ts").asLong()).containsExactly(MIDNIGHT + 100, MIDNIGHT - 100, initTs);
        assertThat(points.getFirst().path("lat").asDouble()).isEqualTo(37.7751);
        assertThat(points.getFirst().path("lon").asDouble()).isEqualTo(-122.4196);
        assertThat(points.getFirst().size()).as("lat, lon, ts").isEqualTo(3);

        assertThat(ts(server.rest(alice).history("?limit=2"))).containsExactly(MIDNIGHT + 100, MIDNIGHT - 100);
        assertThat(ts(server.rest(alice).history("?from=" + MIDNIGHT))).containsExactly(MIDNIGHT + 100);
        assertThat(ts(server.rest(alice).history("?to=" + (MIDNIGHT - 1)))).containsExactly(MIDNIGHT - 100, initTs);
        assertThat(ts(server.rest(alice).history("?from=" + (MIDNIGHT - 100) + "&to=" + (MIDNIGHT + 100) + "&limit=1000")))
                .containsExactly(MIDNIGHT + 100, MIDNIGHT - 100);

        // stored in two day partitions, each point with the default 30-day TTL
        try (CqlSession cql = cql()) {
            for (long day : new long[] {DayBuckets.day(MIDNIGHT - 1), DayBuckets.day(MIDNIGHT)}) {
                var rows = cql.execute(SimpleStatement.newInstance("SELECT ts, TTL(lat) FROM " + keyspace
                        + ".location_history WHERE user_id = ? AND day = ?", alice, (int) day)).all();
                assertThat(rows).as("day " + day).isNotEmpty();
                rows.forEach(r -> assertThat(r.getInt(1)).isBetween(30 * 86_400 - 120, 30 * 86_400));
            }
        }
    }

    @Test
    void historyIsOnlyEverTheCallersOwnAndDeleteRemovesOnlyTheCallers() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        String carol = Cluster.id("carol");
        server.user(alice);
        server.user(bob);
        server.befriend(alice, bob);
        server.user(carol);
        server.rest(carol).sharing(false); // carol does not share: nothing of hers is kept
        try (WsClient a = server.connect(alice); WsClient b = server.connect(bob); WsClient c = server.connect(carol)) {
            long now = clock.millis();
            for (int i = 0; i < 3; i++) {
                a.send(fix(i == 0 ? "init" : "location", 10 + i, 20, now + i));
                b.send(fix(i == 0 ? "init" : "location", 10.001 + i, 20, now + i));
                c.send(fix(i == 0 ? "init" : "location", 30 + i, 40, now + i));
            }
            a.processed();
            b.processed();
            c.processed();
        }
        assertThat(server.awaitHistory(alice, "", 3)).allSatisfy(p -> assertThat(p.path("lon").asDouble()).isEqualTo(20))
                .extracting(p -> p.path("lat").asDouble()).containsExactly(12.0, 11.0, 10.0);
        assertThat(server.awaitHistory(bob, "", 3)).extracting(p -> p.path("lat").asDouble()).containsExactly(12.001, 11.001, 10.001);
        assertThat(server.rest(carol).history("")).as("sharing off: nothing kept").isEmpty();

        // no parameter or path names another user
        assertThat(server.rest(alice).history("?userId=" + bob + "&user=" + bob + "&id=" + bob))
                .extracting(p -> p.path("lat").asDouble()).containsExactly(12.0, 11.0, 10.0);
        assertThat(server.rest(alice).call("GET", "/api/users/" + bob + "/history", null).status()).isEqualTo(404);
        assertThat(server.rest(alice).call("DELETE", "/api/users/" + bob + "/history", null).status()).isEqualTo(404);
        assertThat(server.rest(null).call("GET", "/api/users/me/history", null).status()).isEqualTo(401);
        assertThat(server.rest(null).call("DELETE", "/api/users/me/history", null).status()).isEqualTo(401);

        Rest.Response deleted = server.rest(alice).call("DELETE", "/api/users/me/history", null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(server.rest(alice).history("")).isEmpty();
        assertThat(server.rest(bob).history("")).hasSize(3);
    }

    @Test
    void badQueryParametersAreRefusedWithA400NamingTheParameter() {
        String dave = Cluster.id("dave");
        Rest rest = server.rest(dave);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("?from=abc", "from must be a whole number");
        cases.put("?from=", "from must be a whole number");
        cases.put("?from=1.5e3", "from must be a whole number");
        cases.put("?to=yesterday", "to must be a whole number");
        cases.put("?from=-1", "from must not be negative");
        cases.put("?to=-5", "to must not be negative");
        cases.put("?from=2000&to=1000", "from (2000) must not be after to (1000)");
        cases.put("?limit=0", "limit must be a whole number from 1 to 1000, got '0'");
        cases.put("?limit=-3", "limit must be a whole number from 1 to 1000, got '-3'");
        cases.put("?limit=1001", "limit must be a whole number from 1 to 1000, got '1001'");
        cases.put("?limit=99999999999999999999", "limit must be a whole number from 1 to 1000");
        cases.put("?limit=ten", "limit must be a whole number from 1 to 1000, got 'ten'");
        cases.put("?from=99999999999999999999", "from must be a whole number");
        cases.forEach((query, message) -> {
            Rest.Response r = rest.call("GET", "/api/users/me/history" + query, null);
            assertThat(r.status()).as(query + " → " + r.body()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("bad_request");
            assertThat(r.json().path("message").asText()).as(query).startsWith(message);
        });
        assertThat(rest.ok("GET", "/api/users/me/history?from=0&to=" + Long.MAX_VALUE + "&limit=1000", null).json()
                .path("points").size()).isZero();
    }

    private static String fix(String type, double lat, double lon, long ts) {
        return "{\"type\":\"" + type + "\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"ts\":" + ts + "}";
    }

    private static List<Long> ts(List<JsonNode> points) {
        return points.stream().map(p -> p.path("ts").asLong()).toList();
    }

    private static CqlSession cql() {
        String[] hostPort = cassandra.contactPoint().split(":");
        return CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(cassandra.localDatacenter()).build();
    }
}
