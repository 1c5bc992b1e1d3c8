package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hardening rules on real sockets, each as an attacker or a broken client would meet it (issue 12): spoofed
 * locations, reciprocity, per-user and server-wide connection caps, init and token deadlines, a client that stops
 * reading, binary frames. One server with short limits so that every deadline is seconds, not minutes.
 */
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnFailure.class)
class HardeningIT {
    private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint NEXT_DOOR = GreatCircle.destination(PARIS, 90, 400);
    private static final Duration QUIET = Duration.ofMillis(400);
    private static Cluster cluster;
    private static JedisPooled redis;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder()
                .env("NEARBY_MAX_SPEED_KMH", "1200") // the product's default (the other scenarios turn it off)
                .env("NEARBY_WS_INIT_SECONDS", "2")
                .env("NEARBY_WS_MAX_PER_USER", "3")
                .env("NEARBY_WS_WRITE_TIMEOUT_SECONDS", "2")
                .env("NEARBY_HTTP_HEADER_SECONDS", "2")
                .env("NEARBY_WS_UPDATES_PER_SECOND", "2000").env("NEARBY_WS_UPDATE_BURST", "2000")
                .env("NEARBY_WS_MESSAGES_PER_SECOND", "2000").env("NEARBY_WS_MESSAGE_BURST", "2000")
                .start();
        redis = new JedisPooled(cluster.redis().url());
    }

    @AfterAll
    static void stop() {
        redis.close();
        cluster.close();
    }

    private static String fix(String type, GeoPoint p, long ts) {
        return "{\"type\":\"" + type + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + ts + "}";
    }

    /** Two friends online side by side, initialised; the first one's update at {@code ts0} is the last accepted. */
    private record Pair(String me, String friend, WsClient m, WsClient f, long ts0) implements AutoCloseable {
        @Override
        public void close() {
            m.close();
            f.close();
        }
    }

    private static Pair pair() {
        String me = Cluster.id("me");
        String friend = Cluster.id("friend");
        cluster.user(me);
        cluster.user(friend);
        cluster.befriend(me, friend);
        WsClient m = cluster.connect(me);
        WsClient f = cluster.connect(friend);
        long ts0 = System.currentTimeMillis();
        m.send(fix("init", PARIS, ts0));
        m.expect("nearby");
        f.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
        f.expect("nearby");
        m.expectFriendLocation(friend);
        return new Pair(me, friend, m, f, ts0);
    }

    // ------------------------------------------------------------------ spoofing

    @Test
    void aTeleportIsImplausibleAndAnOlderUpdateIsStaleNeitherStoredNorShownButAFlightIsFine() {
        try (Pair p = pair()) {
            String cachedBefore = redis.get("loc:" + p.me());
            GeoPoint newYork = new GeoPoint(40.7128, -74.0060);
            p.m().send(fix("location", newYork, p.ts0() + 1_000));
            assertThat(p.m().expectError("implausible").path("message").asText()).contains("km/h");
            p.m().send(fix("location", GreatCircle.destination(PARIS, 0, 50), p.ts0() - 3_600_000));
            p.m().expectError("stale");
            p.m().assertAlive();
            p.f().expectNothing(QUIET);
            assertThat(redis.get("loc:" + p.me())).as("nothing stored").isEqualTo(cachedBefore);
            assertThat(cluster.counter(0, "nearby.location.refused", "reason", "implausible")).isPositive();
            assertThat(cluster.counter(0, "nearby.location.refused", "reason", "stale")).isPositive();

            // a plausible move is accepted and shown
            GeoPoint walked = GreatCircle.destination(PARIS, 0, 200);
            p.m().send(fix("location", walked, System.currentTimeMillis()));
            p.f().expectFriendLocation(p.me());
        }
    }

    @Test
    void arrivingAfterAnEightHourFlightIsFineByTheFixesOwnTimes() {
        String traveller = Cluster.id("traveller");
        cluster.user(traveller);
        GeoPoint newYork = new GeoPoint(40.7128, -74.0060);
        long now = System.currentTimeMillis();
        try (WsClient t = cluster.connect(traveller)) {
            t.send(fix("init", PARIS, now - 8 * 3_600_000L)); // the last fix before boarding, 8 hours ago
            t.expect("nearby");
            t.send(fix("location", newYork, now));
            t.assertAlive();
            t.expectNothing(Duration.ZERO);
            await("the arrival cached").atMost(Duration.ofSeconds(5))
                    .until(() -> redis.get("loc:" + traveller), v -> v != null && v.startsWith(newYork.lat() + ","));
        }
    }

    @Test
    void aReconnectIsCheckedAgainstTheLastCachedPositionToo() {
        try (Pair p = pair()) {
            p.m().close();
            try (WsClient again = cluster.connect(p.me())) {
                again.send(fix("init", new GeoPoint(-33.8688, 151.2093), p.ts0() + 2_000)); // Sydney, two seconds later
                again.expectError("implausible");
                again.send(fix("init", GreatCircle.destination(PARIS, 0, 30), p.ts0() + 2_000));
                again.expect("nearby");
            }
        }
    }

    /**
     * The sweep that harvested strangers: a discoverable user whose positions jump faster than 300 km/h is not put on
     * the geohash cells (friends, under the 1,200 km/h rule, still see the move), so a watcher learns nothing; once the
     * time since the last published position makes the move plausible, strangers see them again.
     */
    @Test
    void aDiscoverableUserSweepingAcrossTheCityIsNotShownToStrangers() {
        String watcher = Cluster.id("local");
        String sweeper = Cluster.id("sweeper");
        cluster.user(watcher).discoverable(true);
        cluster.user(sweeper).discoverable(true);
        long t0 = System.currentTimeMillis() - 300_000;
        try (WsClient w = cluster.connect(watcher); WsClient a = cluster.connect(sweeper)) {
            w.init(PARIS.lat(), PARIS.lon());
            w.expect("nearby");
            w.send("{\"type\":\"random\",\"enabled\":true}");
            w.assertAlive();
            a.send(fix("init", GreatCircle.destination(PARIS, 90, 10_000), t0)); // outside the watcher's 8 km
            a.expect("nearby");
            a.send(fix("location", GreatCircle.destination(PARIS, 90, 1_000), t0 + 36_000)); // 9 km in 36 s: 900 km/h
            a.assertAlive(); // accepted (friends would see it) ...
            w.expectNothing(QUIET); // ... but not published on the cells: the watcher learns nothing
            a.send(fix("location", GreatCircle.destination(PARIS, 90, 1_100), t0 + 250_000)); // 9 km in 250 s: 130 km/h
            a.assertAlive();
            assertThat(w.expect("stranger_location").path("id").asText()).isEqualTo(sweeper);
        }
    }

    // ------------------------------------------------------------------ reciprocity

    @Test
    void aUserWithSharingOffSeesNobodyUntilSharingIsOnAgain() {
        String watcher = Cluster.id("watcher");
        String friend = Cluster.id("seen");
        cluster.user(watcher).sharing(false);
        cluster.user(friend);
        cluster.befriend(watcher, friend);
        try (WsClient f = cluster.connect(friend); WsClient w = cluster.connect(watcher)) {
            f.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            f.expect("nearby");
            w.init(PARIS.lat(), PARIS.lon());
            JsonNode page = w.expect("nearby");
            assertThat(page.path("sharing").asBoolean(true)).as("the page says why it is empty").isFalse();
            assertThat(page.path("total").asInt()).isZero();
            assertThat(page.path("friends")).isEmpty();
            GeoPoint moved = GreatCircle.destination(NEXT_DOOR, 0, 100);
            f.location(moved.lat(), moved.lon());
            f.assertAlive();
            w.expectNothing(QUIET);
            w.send("{\"type\":\"nearby\",\"page\":0}");
            assertThat(w.expect("nearby").path("sharing").asBoolean(true)).isFalse();

            cluster.rest(watcher).sharing(true);
            JsonNode now = w.expect("nearby", Duration.ofSeconds(2));
            assertThat(now.path("sharing").asBoolean()).isTrue();
            assertThat(now.path("friends").get(0).path("id").asText()).as("page 0 at once, with the friend").isEqualTo(friend);
            f.location(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            w.expectFriendLocation(friend);
        }
    }

    // ------------------------------------------------------------------ connection caps and deadlines

    @Test
    void theNewestConnectionsOfAUserWinAndTheOldestIsClosedAsReplaced() {
        String u = Cluster.id("multi");
        cluster.user(u);
        List<WsClient> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // the limit is 3
                WsClient c = cluster.connect(u);
                c.init(PARIS.lat(), PARIS.lon());
                c.expect("nearby");
                connections.add(c);
            }
            assertThat(connections.getFirst().awaitClose()).as("the oldest: replaced").isEqualTo(4000);
            for (WsClient c : connections.subList(1, 4)) {
                c.assertAlive();
            }
            assertThat(cluster.counter(0, "nearby.ws.closed", "reason", "replaced")).isPositive();
        } finally {
            connections.forEach(WsClient::close);
        }
    }

    @Test
    void aConnectionThatNeverSendsInitIsClosedWith1008() {
        String u = Cluster.id("mute");
        cluster.user(u);
        try (WsClient c = cluster.connect(u)) {
            c.send("{\"type\":\"ping\"}");
            c.expect("pong");
            long start = System.nanoTime();
            assertThat(c.awaitClose()).isEqualTo(1008);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("after the 2 s init deadline").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSessionEndsWhenItsTokenExpiresUnlessTheClientSentAFreshOne() {
        String u = Cluster.id("expiring");
        cluster.user(u);
        try (WsClient stale = WsClient.connect(cluster.wsUri(0, cluster.token(u, Duration.ofSeconds(2))), u + "-stale");
             WsClient fresh = WsClient.connect(cluster.wsUri(0, cluster.token(u, Duration.ofSeconds(2))), u + "-fresh")) {
            stale.init(PARIS.lat(), PARIS.lon());
            stale.expect("nearby");
            fresh.init(PARIS.lat(), PARIS.lon());
            fresh.expect("nearby");
            fresh.send("{\"type\":\"auth\",\"token\":\"" + cluster.token(u, Duration.ofHours(1)) + "\"}");
            fresh.send("{\"type\":\"auth\",\"token\":\"" + cluster.token(Cluster.id("someone-else"), Duration.ofHours(1)) + "\"}");
            fresh.expectError("unauthorized"); // another user's token changes nothing
            assertThat(stale.awaitClose()).as("expired").isEqualTo(4001);
            fresh.assertAlive();
            fresh.expectNothing(Duration.ofSeconds(1));
            assertThat(fresh.isClosed()).as("refreshed in time").isFalse();
        }
    }

    @Test
    void aServerAtItsConnectionLimitAnswers503BeforeTheUpgrade() {
        try (Cluster small = Cluster.builder().env("NEARBY_MAX_CONNECTIONS", "2").start()) {
            String a = Cluster.id("a");
            String b = Cluster.id("b");
            small.user(a);
            small.user(b);
            try (WsClient one = small.connect(a); WsClient two = small.connect(b)) {
                one.assertAlive();
                two.assertAlive();
                assertThat(WsClient.refusedStatus(small.wsUri(0, small.token(b)), null)).isEqualTo(503);
                assertThat(small.counter(0, "nearby.ws.refused", "reason", "full")).isEqualTo(1);
            }
        }
    }

    // ------------------------------------------------------------------ a client that stops reading

    @Test
    void aClientThatStopsReadingIsDroppedAndStallsNobodyElse() throws Exception {
        String slow = Cluster.id("slow");
        String fast = Cluster.id("fast");
        String mover = Cluster.id("mover");
        cluster.user(slow);
        cluster.user(fast);
        cluster.user(mover);
        cluster.befriend(slow, mover);
        cluster.befriend(fast, mover);
        try (RawWs stalled = RawWs.connect(cluster.server(0).port(), cluster.token(slow), 4096);
             WsClient f = cluster.connect(fast); WsClient m = cluster.connect(mover)) {
            stalled.sendTextFrame(fix("init", PARIS, System.currentTimeMillis()));
            f.init(PARIS.lat(), PARIS.lon());
            f.expect("nearby");
            m.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            m.expect("nearby");
            f.expectFriendLocation(mover);
            assertThat(stalled.read().text()).as("the stalled client's page").contains("\"nearby\"");
            assertThat(stalled.read().text()).as("its first friend_location").contains("friend_location");
            // the stalled client reads nothing more: its socket fills within a few hundred frames
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(20).toNanos();
            int sent = 0;
            while (System.nanoTime() < deadline && cluster.counter(0, "nearby.ws.closed", "reason", "slow_client") == 0) {
                GeoPoint p = GreatCircle.destination(NEXT_DOOR, sent % 360, 50 + sent % 7);
                m.location(p.lat(), p.lon());
                sent++;
                if (sent % 50 == 0) {
                    m.assertAlive();
                    f.assertAliveAmid(); // the other friend is served all along
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("[measure] a client that stopped reading was dropped %d ms after the flood began (%d updates)%n",
                    took.toMillis(), sent);
            assertThat(cluster.counter(0, "nearby.ws.closed", "reason", "slow_client")).as("dropped as a slow client").isEqualTo(1);
            cluster.awaitReleased(slow, Duration.ofSeconds(5));
            GeoPoint last = GreatCircle.destination(NEXT_DOOR, 0, 10);
            m.location(last.lat(), last.lon());
            await("the other friend still gets updates").atMost(Duration.ofSeconds(5)).until(() ->
                    f.drain(n -> n.path("type").asText().equals("friend_location")).stream()
                            .anyMatch(n -> Math.abs(n.path("lat").asDouble() - last.lat()) < 1e-6)); // 7 decimals on the wire
        }
    }

    // ------------------------------------------------------------------ slowloris

    /** Half-sent request heads are cut after the header deadline; a WebSocket quiet for longer is not touched. */
    @Test
    void connectionsThatNeverFinishTheirRequestHeadAreClosedWithinSeconds() throws Exception {
        String quiet = Cluster.id("quiet");
        cluster.user(quiet);
        try (WsClient ws = cluster.connect(quiet)) {
            ws.init(PARIS.lat(), PARIS.lon());
            ws.expect("nearby");
            double before = cluster.counter(0, "nearby.http.header.timeouts");
            List<java.net.Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    java.net.Socket socket = new java.net.Socket("localhost", cluster.server(0).port());
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // ... and never the rest
                    slow.add(socket);
                }
                long start = System.nanoTime();
                for (java.net.Socket socket : slow) {
                    assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("[measure] 50 half-sent request heads closed %d ms after they were sent (deadline 2 s)%n",
                        took.toMillis());
                assertThat(took).isLessThan(Duration.ofSeconds(5));
            } finally {
                for (java.net.Socket socket : slow) {
                    socket.close();
                }
            }
            assertThat(cluster.counter(0, "nearby.http.header.timeouts") - before).isEqualTo(50);
            ws.assertAlive(); // quiet for more than the deadline, but its head was complete long ago
            assertThat(cluster.rest(quiet).call("GET", "/api/users/me", null).status()).as("normal requests served").isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ frames

    @Test
    void aBinaryFrameGetsBadRequestAndTheConnectionStays() throws Exception {
        String u = Cluster.id("binary");
        cluster.user(u);
        try (RawWs raw = RawWs.connect(cluster.server(0).port(), cluster.token(u))) {
            raw.sendBinaryFrame(new byte[] {1, 2, 3});
            JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw.read().text());
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).contains("binary");
            raw.sendTextFrame("{\"type\":\"ping\"}");
            assertThat(raw.read().text()).contains("pong");
        }
    }
}
