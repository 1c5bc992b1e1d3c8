package io.nearby.server.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.nearby.api.TokenIssuer;
import io.nearby.history.DayBuckets;
import io.nearby.server.NearbyServer;
import io.nearby.server.config.NearbyConfig;
import io.nearby.testkit.CassandraServer;
import io.nearby.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Location history end to end on the test kit's real Cassandra: updates sent over the WebSocket are queried back
 * over REST (newest first, across a UTC day boundary, with the server's clock injected), only ever by their owner,
 * and deleted by their owner only; bad query parameters get a 400 that names the parameter.
 */
class HistoryIT {
    /** 2025-06-30T00:00:00Z: the day boundary the scripted updates straddle. */
    static final long MIDNIGHT = Instant.parse("2025-06-30T00:00:00Z").toEpochMilli();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CassandraServer cassandra = CassandraServer.shared();
    private static String keyspace;
    private static ShiftedClock clock;
    private static Server server;

    @BeforeAll
    static void start() {
        keyspace = cassandra.newKeyspaceName();
        clock = new ShiftedClock(MIDNIGHT - 1_000); // the server believes it is 23:59:59.000 when the tests begin
        server = Server.start(clock, Map.of(
                "NEARBY_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint(),
                "NEARBY_CASSANDRA_KEYSPACE", keyspace,
                "NEARBY_CASSANDRA_DC", cassandra.localDatacenter()));
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
            ws.send(Server.fix("init", 37.7749, -122.4194, initTs));
            ws.expect("nearby");
            ws.send(Server.fix("location", 37.7750, -122.4195, MIDNIGHT - 100));   // 23:59:59.900
            ws.send(Server.fix("location", 37.7751, -122.4196, MIDNIGHT + 100));   // 00:00:00.100, the next day
            Server.processed(ws);
        }
        List<JsonNode> points = server.awaitHistory(alice, "", 3);
        assertThat(points).extracting(p -> p.path("ts").asLong()).containsExactly(MIDNIGHT + 100, MIDNIGHT - 100, initTs);
        assertThat(points.getFirst().path("lat").asDouble()).isEqualTo(37.7751);
        assertThat(points.getFirst().path("lon").asDouble()).isEqualTo(-122.4196);
        assertThat(points.getFirst().size()).as("lat, lon, ts").isEqualTo(3);

        assertThat(ts(server.history(alice, "?limit=2"))).containsExactly(MIDNIGHT + 100, MIDNIGHT - 100);
        assertThat(ts(server.history(alice, "?from=" + MIDNIGHT))).containsExactly(MIDNIGHT + 100);
        assertThat(ts(server.history(alice, "?to=" + (MIDNIGHT - 1)))).containsExactly(MIDNIGHT - 100, initTs);
        assertThat(ts(server.history(alice, "?from=" + (MIDNIGHT - 100) + "&to=" + (MIDNIGHT + 100) + "&limit=1000")))
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
                a.send(Server.fix(i == 0 ? "init" : "location", 10 + i, 20, now + i));
                b.send(Server.fix(i == 0 ? "init" : "location", 10.001 + i, 20, now + i));
                c.send(Server.fix(i == 0 ? "init" : "location", 30 + i, 40, now + i));
            }
            Server.processed(a);
            Server.processed(b);
            Server.processed(c);
        }
        assertThat(server.awaitHistory(alice, "", 3)).allSatisfy(p -> assertThat(p.path("lon").asDouble()).isEqualTo(20))
                .extracting(p -> p.path("lat").asDouble()).containsExactly(12.0, 11.0, 10.0);
        assertThat(server.awaitHistory(bob, "", 3)).extracting(p -> p.path("lat").asDouble()).containsExactly(12.001, 11.001, 10.001);
        assertThat(server.history(carol, "")).as("sharing off: nothing kept").isEmpty();

        // no parameter or path names another user
        assertThat(server.history(alice, "?userId=" + bob + "&user=" + bob + "&id=" + bob))
                .extracting(p -> p.path("lat").asDouble()).containsExactly(12.0, 11.0, 10.0);
        assertThat(server.rest(alice).call("GET", "/api/users/" + bob + "/history", null).status()).isEqualTo(404);
        assertThat(server.rest(alice).call("DELETE", "/api/users/" + bob + "/history", null).status()).isEqualTo(404);
        assertThat(server.anonymous().call("GET", "/api/users/me/history", null).status()).isEqualTo(401);
        assertThat(server.anonymous().call("DELETE", "/api/users/me/history", null).status()).isEqualTo(401);

        Rest.Response deleted = server.rest(alice).call("DELETE", "/api/users/me/history", null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(server.history(alice, "")).isEmpty();
        assertThat(server.history(bob, "")).hasSize(3);
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

    private static List<Long> ts(List<JsonNode> points) {
        return points.stream().map(p -> p.path("ts").asLong()).toList();
    }

    private static CqlSession cql() {
        String[] hostPort = cassandra.contactPoint().split(":");
        return CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(cassandra.localDatacenter()).build();
    }

    /** The real clock moved by a fixed offset: the server's notion of "now" in a test. */
    static final class ShiftedClock extends Clock {
        private final long offsetMillis;

        /** A clock that reads {@code startMillis} now and advances in real time. */
        ShiftedClock(long startMillis) {
            this.offsetMillis = startMillis - System.currentTimeMillis();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /**
     * One NearbyServer started through the production {@link NearbyServer#start(NearbyConfig, Clock)} with a clock of
     * the test's choosing, on its own redis-server and an in-memory H2 user DB; tokens are issued on the same clock.
     */
    static final class Server implements AutoCloseable {
        private final RedisServer redis;
        private final NearbyServer server;
        private final TokenIssuer issuer;

        private Server(RedisServer redis, NearbyServer server, Clock clock) {
            this.redis = redis;
            this.server = server;
            this.issuer = new TokenIssuer(Cluster.SECRET.getBytes(StandardCharsets.UTF_8), clock);
        }

        static Server start(Clock clock, Map<String, String> env) {
            RedisServer redis = RedisServer.start();
            try {
                Map<String, String> e = new HashMap<>(env);
                e.putIfAbsent("NEARBY_HTTP_PORT", "0");
                e.putIfAbsent("NEARBY_HTTP_HOST", "127.0.0.1");
                e.putIfAbsent("NEARBY_MAX_SPEED_KMH", "0");
                e.putIfAbsent("NEARBY_JWT_SECRET", Cluster.SECRET);
                e.putIfAbsent("NEARBY_REDIS_URL", redis.url());
                e.putIfAbsent("NEARBY_DB_URL", "jdbc:h2:mem:nearby-" + UUID.randomUUID());
                e.putIfAbsent("NEARBY_WS_UPDATES_PER_SECOND", "50");
                e.putIfAbsent("NEARBY_WS_UPDATE_BURST", "100");
                return new Server(redis, NearbyServer.start(NearbyConfig.fromEnvironment(e), clock), clock);
            } catch (RuntimeException ex) {
                redis.close();
                throw ex;
            }
        }

        NearbyServer server() {
            return server;
        }

        /** Waits until the history store is connected (Cassandra: schema created, statements prepared). */
        void awaitHistoryUp() {
            await("history store up").atMost(Duration.ofSeconds(60))
                    .until(() -> server.health().report().checks().get("history").up());
        }

        Rest rest(String userId) {
            return new Rest("http://localhost:" + server.port(), issuer.issue(userId, Duration.ofHours(1)));
        }

        Rest anonymous() {
            return new Rest("http://localhost:" + server.port(), null);
        }

        /** A user with a profile and sharing on. */
        void user(String userId) {
            Rest rest = rest(userId);
            rest.profile(userId);
            rest.sharing(true);
        }

        void befriend(String a, String b) {
            rest(a).add(b);
            rest(b).add(a);
        }

        WsClient connect(String userId) {
            return WsClient.connect(URI.create("ws://localhost:" + server.port() + "/ws?access_token="
                    + issuer.issue(userId, Duration.ofHours(1))), userId);
        }

        /** Pings and waits for the pong, skipping other messages but failing on an error: all sent so far was handled. */
        static void processed(WsClient ws) {
            ws.send("{\"type\":\"ping\"}");
            for (JsonNode m = ws.next(); !m.path("type").asText().equals("pong"); m = ws.next()) {
                assertThat(m.path("type").asText()).as(ws.name() + " got " + m).isNotEqualTo("error");
            }
        }

        static String fix(String type, double lat, double lon, long ts) {
            return "{\"type\":\"" + type + "\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"ts\":" + ts + "}";
        }

        /** {@code GET /api/users/me/history<query>} as the user: the points. */
        List<JsonNode> history(String userId, String query) {
            JsonNode body = rest(userId).ok("GET", "/api/users/me/history" + query, null).json();
            return StreamSupport.stream(body.path("points").spliterator(), false).toList();
        }

        /** The user's history once it holds {@code n} points (writes are asynchronous). */
        List<JsonNode> awaitHistory(String userId, String query, int n) {
            return await(userId + " has " + n + " history points").atMost(WAIT)
                    .until(() -> history(userId, query), points -> points.size() == n);
        }

        /** {@code nearby_history_dropped_total}, all reasons. */
        double dropped() {
            return server.meters().find("nearby.history.dropped").functionCounters().stream()
                    .mapToDouble(FunctionCounter::count).sum();
        }

        double written() {
            return server.meters().find("nearby.history.written").functionCounter().count();
        }

        @Override
        public void close() {
            server.close();
            redis.close();
        }
    }
}
