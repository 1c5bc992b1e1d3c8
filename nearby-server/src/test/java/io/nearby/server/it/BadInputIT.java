package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.JedisPooled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * PROTOCOL.md "a bad message gets an error and the connection stays open": every kind of bad input gets its exact
 * {@code error} code, nothing is cached (Redis key {@code loc:<id>} unchanged) or published (an online friend
 * receives nothing), and the connection still answers a ping. Then the limits: oversized frames (1009), floods
 * ({@code rate_limited}, then 1008) — and a misbehaving client never stops the server serving others.
 *
 * <p>Runs with the production WebSocket limits (messages 20/s burst 40, updates 2/s burst 10, 20 violations per
 * minute), not the relaxed update limits the Cluster uses by default.
 */
class BadInputIT {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint NEXT_DOOR = GreatCircle.destination(HOME, 90, 300);
    private static final int LIMIT = 64 * 1024;
    private static final int MESSAGES_PER_SECOND = 20;
    private static final int MESSAGE_BURST = 40;
    private static final int VIOLATIONS_PER_MINUTE = 20;
    /** What {@link #pair()} sends on {@code me} (init, ping): taken from the full message bucket before a test starts. */
    private static final int PAIR_MESSAGES = 2;
    private static Cluster cluster;
    private static JedisPooled redis;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder()
                .env("NEARBY_WS_MESSAGES_PER_SECOND", Integer.toString(MESSAGES_PER_SECOND))
                .env("NEARBY_WS_MESSAGE_BURST", Integer.toString(MESSAGE_BURST))
                .env("NEARBY_WS_UPDATES_PER_SECOND", "2").env("NEARBY_WS_UPDATE_BURST", "10")
                .env("NEARBY_WS_VIOLATIONS_PER_MINUTE", Integer.toString(VIOLATIONS_PER_MINUTE))
                .start();
        redis = new JedisPooled(cluster.redis().url());
    }

    @AfterAll
    static void stop() {
        redis.close();
        cluster.close();
    }

    /** {@code me} and a friend, both online 300 m apart and initialized; {@code cached} is me's Redis entry. */
    private record Pair(String id, String friendId, WsClient me, WsClient friend, String cached) implements AutoCloseable {
        @Override
        public void close() {
            me.close();
            friend.close();
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
        m.init(HOME.lat(), HOME.lon());
        m.expect("nearby");
        m.assertAlive();  // the init is published before the pong: the friend cannot hear it again below
        f.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
        assertThat(f.expect("nearby").path("total").asInt()).isEqualTo(1);
        m.expectFriendLocation(friend);
        String cached = redis.get("loc:" + me);
        assertThat(cached).as("init cached the location").isNotNull();
        return new Pair(me, friend, m, f, cached);
    }

    /**
     * The most a full GCRA bucket ({@code io.nearby.api.TokenBucket}) can grant within {@code elapsed}: its capacity plus
     * one token per whole refill interval.
     */
    private static int tokensWithin(int capacity, double perSecond, Duration elapsed) {
        long intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        return Math.toIntExact(capacity + elapsed.toNanos() / intervalNanos);
    }

    /** The message gets exactly this error; nothing is cached or published; the connection still works. */
    private static void assertRejected(Pair p, String message, String code) {
        p.me().send(message);
        p.me().expectError(code);
        p.me().assertAlive();
        p.friend().expectNothing(QUIET);
        assertThat(redis.get("loc:" + p.id())).as("cached location of " + p.id()).isEqualTo(p.cached());
    }

    private static String fix(String type, Object lat, Object lon, Object ts) {
        return "{\"type\":\"" + type + "\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"ts\":" + ts + "}";
    }

    private static String location(Object lat, Object lon, Object ts) {
        return fix("location", lat, lon, ts);
    }

    /** {@code head} + "xxx…" + {@code "}} with exactly {@code bytes} bytes (ASCII): head must open a string value. */
    private static String padded(String head, int bytes) {
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    /**
     * Waits until the cache holds {@code lat} for {@code id}: the server's cache write is queued (it travels in the
     * pipeline before the publish of the same update), so it lands shortly after the client's pong.
     */
    private static void awaitCachedLat(String id, double lat) {
        await("loc:" + id + " cached with lat " + lat).atMost(Duration.ofSeconds(5))
                .until(() -> redis.get("loc:" + id), v -> v != null && Double.parseDouble(v.split(",")[0]) == lat);
    }

    static Stream<Arguments> badMessages() {
        long now = System.currentTimeMillis();
        String lat = "48.86";
        String lon = "2.35";
        return Stream.of(
                arguments("malformed JSON: truncated", "{\"type\":\"location\",\"lat\":48.86,", "bad_request"),
                arguments("malformed JSON: not JSON at all", "where are my friends?", "bad_request"),
                arguments("malformed JSON: NaN literal", location("NaN", lon, now), "bad_request"),
                arguments("not an object", "[\"location\",48.86,2.35]", "bad_request"),
                arguments("no type", "{\"lat\":48.86,\"lon\":2.35}", "bad_request"),
                arguments("type not a string", "{\"type\":7}", "bad_request"),
                arguments("unknown message type", "{\"type\":\"teleport\",\"lat\":0,\"lon\":0}", "bad_request"),
                arguments("lat as string", location("\"48.86\"", lon, now), "bad_request"),
                arguments("lon as boolean", location(lat, "true", now), "bad_request"),
                arguments("lat missing", "{\"type\":\"location\",\"lon\":2.35,\"ts\":" + now + "}", "bad_request"),
                arguments("ts as float", location(lat, lon, now + ".5"), "bad_request"),
                arguments("ts as string", location(lat, lon, "\"" + now + "\""), "bad_request"),
                arguments("ts beyond a long", location(lat, lon, "99999999999999999999"), "bad_request"),
                arguments("lat 1e400 (infinity)", location("1e400", lon, now), "bad_request"),
                arguments("lon -1e400 (-infinity)", location(lat, "-1e400", now), "bad_request"),
                arguments("a number of 100 digits", location("48." + "1".repeat(100), lon, now), "bad_request"),
                arguments("lat 90.0001", location("90.0001", lon, now), "bad_request"),
                arguments("lat -90.0001", location("-90.0001", lon, now), "bad_request"),
                arguments("lon 180.0001", location(lat, "180.0001", now), "bad_request"),
                arguments("lon -180.0001", location(lat, "-180.0001", now), "bad_request"),
                arguments("init with lat 90.0001", fix("init", "90.0001", lon, now), "bad_request"),
                arguments("ts 0", location(lat, lon, 0), "bad_request"),
                arguments("ts negative", location(lat, lon, -now), "bad_request"),
                arguments("ts one year ahead", location(lat, lon, now + Duration.ofDays(365).toMillis()), "bad_request"),
                arguments("ts two days old", location(lat, lon, now - Duration.ofDays(2).toMillis()), "bad_request"),
                arguments("page negative", "{\"type\":\"nearby\",\"page\":-1}", "bad_request"),
                arguments("page as string", "{\"type\":\"nearby\",\"page\":\"1\"}", "bad_request"),
                arguments("friendId a number", "{\"type\":\"subscribe\",\"friendId\":42}", "bad_request"),
                arguments("friendId not a user id", "{\"type\":\"subscribe\",\"friendId\":\"../etc/passwd\"}", "bad_request"),
                arguments("enabled as string", "{\"type\":\"random\",\"enabled\":\"yes\"}", "bad_request"),
                arguments("random when not discoverable", "{\"type\":\"random\",\"enabled\":true}", "not_discoverable"),
                arguments("random off when not discoverable", "{\"type\":\"random\",\"enabled\":false}", "not_discoverable"));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("badMessages")
    void aBadMessageGetsItsErrorStoresNothingAndTheConnectionStaysUsable(String what, String message, String code) {
        try (Pair p = pair()) {
            assertRejected(p, message, code);
        }
    }

    @ParameterizedTest(name = "lat {0}, lon {1} is accepted")
    @CsvSource({"90, 0", "-90, 0", "0, 180", "0, -180", "90, 180", "-90, -180"})
    void exactBoundariesAreAccepted(double lat, double lon) {
        try (Pair p = pair()) {
            p.me().send(location(lat, lon, System.currentTimeMillis()));
            p.me().expectFriendGone(p.friendId(), "out_of_range");
            p.me().assertAlive();
            p.friend().expectFriendGone(p.id(), "out_of_range"); // the publish travels after the cache write
            String[] cached = redis.get("loc:" + p.id()).split(",");
            assertThat(Double.parseDouble(cached[0])).isEqualTo(lat);
            assertThat(Double.parseDouble(cached[1])).isEqualTo(lon);
        }
    }

    /**
     * At the edges of the validator's skew (4 min ahead) and age (23 h old) limits. The old one is a first fix: after a
     * newer accepted update an older one is {@code stale} (HardeningIT).
     */
    @ParameterizedTest(name = "ts {0} ms from now is accepted")
    @CsvSource({"240000", "-82800000"})
    void timestampsWithinTheSkewAndAgeLimitsAreAccepted(long offsetMillis) {
        String me = Cluster.id("clock");
        String friend = Cluster.id("watch");
        cluster.user(me);
        cluster.user(friend);
        cluster.befriend(me, friend);
        try (WsClient f = cluster.connect(friend); WsClient m = cluster.connect(me)) {
            f.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            f.expect("nearby");
            long ts = System.currentTimeMillis() + offsetMillis;
            m.send(fix("init", HOME.lat(), HOME.lon(), ts));
            m.expect("nearby");
            assertThat(f.expectFriendLocation(me).path("ts").asLong()).as("the sender's own ts").isEqualTo(ts);
            assertThat(redis.get("loc:" + me)).contains("," + ts + ",");
        }
    }

    @Test
    void beforeInitEverythingButPingIsNotInitializedAndNothingIsStored() {
        String id = Cluster.id("early");
        String friendId = Cluster.id("friend");
        cluster.user(id);
        cluster.user(friendId);
        cluster.befriend(id, friendId);
        try (WsClient friend = cluster.connect(friendId); WsClient early = cluster.connect(id)) {
            friend.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            friend.expect("nearby");
            early.assertAlive();
            long now = System.currentTimeMillis();
            for (String m : List.of(location(HOME.lat(), HOME.lon(), now), "{\"type\":\"nearby\",\"page\":0}",
                    "{\"type\":\"subscribe\",\"friendId\":\"" + friendId + "\"}",
                    "{\"type\":\"unsubscribe\",\"friendId\":\"" + friendId + "\"}", "{\"type\":\"random\",\"enabled\":true}")) {
                early.send(m);
                early.expectError("not_initialized");
            }
            early.assertAlive();
            friend.expectNothing(QUIET);
            assertThat(redis.get("loc:" + id)).as("nothing cached before init").isNull();

            // a rejected init does not initialize either
            early.send(fix("init", "91", HOME.lon(), now));
            early.expectError("bad_request");
            early.send(location(HOME.lat(), HOME.lon(), now));
            early.expectError("not_initialized");
            assertThat(redis.get("loc:" + id)).isNull();

            // still usable: a valid init works
            early.init(HOME.lat(), HOME.lon());
            assertThat(early.expect("nearby").path("total").asInt()).isEqualTo(1);
            friend.expectFriendLocation(id);
        }
    }

    @Test
    void subscribingToANonFriendIsNotFriendAndNothingOfThemEverArrives() {
        String strangerId = Cluster.id("stranger");
        cluster.user(strangerId);
        try (Pair p = pair(); WsClient stranger = cluster.connect(strangerId)) {
            stranger.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
            stranger.expect("nearby");
            assertRejected(p, "{\"type\":\"subscribe\",\"friendId\":\"" + strangerId + "\"}", "not_friend");
            assertRejected(p, "{\"type\":\"unsubscribe\",\"friendId\":\"" + strangerId + "\"}", "not_friend");
            assertRejected(p, "{\"type\":\"subscribe\",\"friendId\":\"" + Cluster.id("nobody") + "\"}", "not_friend");
            for (int i = 1; i <= 5; i++) {
                GeoPoint q = GreatCircle.destination(NEXT_DOOR, 0, i * 20);
                stranger.location(q.lat(), q.lon());
            }
            stranger.assertAlive();
            p.me().expectNothing(QUIET);
        }
    }

    /** A raw client (one real frame, not split by a client library) of a user whose friend is online next door. */
    private record RawPair(String id, RawWs me, WsClient friend, String cached) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            me.close();
            friend.close();
        }
    }

    private static RawPair rawPair() throws Exception {
        String me = Cluster.id("raw");
        String friend = Cluster.id("friend");
        cluster.user(me);
        cluster.user(friend);
        cluster.befriend(me, friend);
        RawWs m = RawWs.connect(cluster.server(0).port(), cluster.token(me));
        m.sendTextFrame(fix("init", HOME.lat(), HOME.lon(), System.currentTimeMillis()));
        assertThat(m.read().text()).startsWith("{\"type\":\"nearby\"");
        m.sendTextFrame("{\"type\":\"ping\"}");
        assertThat(m.read().text()).startsWith("{\"type\":\"pong\"");
        WsClient f = cluster.connect(friend);
        f.init(NEXT_DOOR.lat(), NEXT_DOOR.lon());
        assertThat(f.expect("nearby").path("total").asInt()).isEqualTo(1);
        assertThat(m.read().text()).contains("\"friend_location\"", friend);
        return new RawPair(me, m, f, redis.get("loc:" + me));
    }

    @Test
    void aSingleFrameOver64KiBIsClosedWith1009AndTheSessionIsReleased() throws Exception {
        try (RawPair p = rawPair()) {
            try {
                p.me().sendTextFrame(padded("{\"type\":\"ping\",\"pad\":\"", LIMIT + 1));
            } catch (java.io.IOException closedWhileSending) {
                // the server may close before the client has written the whole frame
            }
            assertThat(p.me().awaitClose()).as("close code").isEqualTo(1009);
            assertThat(redis.get("loc:" + p.id())).isEqualTo(p.cached());
            p.friend().assertAlive();
            cluster.awaitReleased(p.id(), Duration.ofSeconds(5));
        }
    }

    @Test
    void aSingleFrameOfExactly64KiBThatIsValidJsonIsHandled() throws Exception {
        try (RawPair p = rawPair()) {
            GeoPoint moved = GreatCircle.destination(HOME, 0, 150);
            String head = "{\"type\":\"location\",\"lat\":" + moved.lat() + ",\"lon\":" + moved.lon() + ",\"ts\":"
                    + System.currentTimeMillis() + ",\"pad\":\"";
            p.me().sendTextFrame(padded(head, LIMIT));
            p.me().sendTextFrame("{\"type\":\"ping\"}");
            assertThat(p.me().read().text()).startsWith("{\"type\":\"pong\"");
            awaitCachedLat(p.id(), moved.lat());
            p.friend().expectFriendLocation(p.id());
        }
    }

    @Test
    void aClientThatVanishesWithoutACloseFrameIsReleased() {
        try (Pair p = pair()) {
            p.me().abort();
            cluster.awaitReleased(p.id(), Duration.ofSeconds(5));
            p.friend().assertAlive();
        }
    }

    /**
     * The JDK client splits a message this long into several frames by itself (which is why the single-frame tests
     * use {@link RawWs}): this is reassembly at the limit.
     */
    @Test
    void aValidMessageOfExactly64KiBFromTheJdkClientIsHandled() {
        try (Pair p = pair()) {
            GeoPoint moved = GreatCircle.destination(HOME, 0, 150);
            String head = "{\"type\":\"location\",\"lat\":" + moved.lat() + ",\"lon\":" + moved.lon() + ",\"ts\":"
                    + System.currentTimeMillis() + ",\"pad\":\"";
            String message = padded(head, LIMIT);
            assertThat(message.length()).isEqualTo(LIMIT);
            p.me().send(message);
            p.me().assertAlive();
            awaitCachedLat(p.id(), moved.lat());
            p.friend().expectFriendLocation(p.id());
        }
    }

    @Test
    void aFragmentedMessageIsReassembled() {
        try (Pair p = pair()) {
            GeoPoint moved = GreatCircle.destination(HOME, 0, 200);
            String message = location(moved.lat(), moved.lon(), System.currentTimeMillis());
            p.me().sendFragmented(message.substring(0, 10), message.substring(10, 30), message.substring(30));
            p.me().sendFragmented("{\"type\":", "\"ping\"}");
            p.me().expect("pong");
            awaitCachedLat(p.id(), moved.lat());
            p.friend().expectFriendLocation(p.id());
        }
    }

    @Test
    void fragmentsAddingUpToMoreThan64KiBAreClosedWith1009() {
        try (Pair p = pair()) {
            String message = padded("{\"type\":\"ping\",\"pad\":\"", LIMIT + 10);
            int half = message.length() / 2;
            try {
                p.me().sendFragmented(message.substring(0, half), message.substring(half));
            } catch (RuntimeException closedWhileSending) {
                // the server may close before the last fragment is written
            }
            assertThat(p.me().awaitClose()).as("close code").isEqualTo(1009);
            assertThat(redis.get("loc:" + p.id())).isEqualTo(p.cached());
            p.friend().assertAlive();
            cluster.awaitReleased(p.id(), Duration.ofSeconds(5));
        }
    }

    @Test
    void aBurstOfMessagesBeyondTheRateIsRateLimitedAndTheConnectionRecovers() {
        try (Pair p = pair()) {
            int sent = 50;
            long start = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                p.me().send("{\"type\":\"ping\"}");
            }
            int pongs = 0;
            int limited = 0;
            for (int i = 0; i < sent; i++) {
                JsonNode m = p.me().next();
                if (m.path("type").asText().equals("pong")) {
                    pongs++;
                } else {
                    assertThat(m.path("type").asText() + "/" + m.path("code").asText()).isEqualTo("error/rate_limited");
                    limited++;
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            // the server took every message after `start` and answered the last before now: it can have granted at
            // most the burst plus what refilled meanwhile (GCRA: exact), and at least what was left after pair()
            int mostGranted = tokensWithin(MESSAGE_BURST, MESSAGES_PER_SECOND, elapsed);
            System.out.printf("[measure] %d pings answered in %d ms: %d pongs (at most %d possible), %d rate limited%n",
                    sent, elapsed.toMillis(), pongs, mostGranted, limited);
            assertThat(pongs).as("the burst of %d, less pair()'s messages, plus at most the refill over %d ms",
                    MESSAGE_BURST, elapsed.toMillis()).isBetween(MESSAGE_BURST - PAIR_MESSAGES, mostGranted);
            assertThat(limited).isEqualTo(sent - pongs);
            assertThat(limited).as("the burst went beyond the bucket").isPositive();
            p.me().expectNothing(Duration.ofSeconds(1));  // the bucket refills meanwhile
            p.me().assertAlive();
            p.friend().assertAlive();                     // nothing came for the friend (the pong must be next)
        }
    }

    @Test
    void rateLimitedLocationUpdatesAreNotStoredOrPublished() {
        try (Pair p = pair()) {
            // each update is followed by a ping, so the answers say exactly which updates were refused
            int updates = 15;
            List<Double> lats = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 1; i <= updates; i++) {
                GeoPoint q = GreatCircle.destination(HOME, 0, i * 10);
                double lat = Math.round(q.lat() * 1e6) / 1e6;
                lats.add(lat);
                p.me().send(location(lat, HOME.lon(), System.currentTimeMillis()));
                p.me().send("{\"type\":\"ping\"}");
            }
            List<Double> accepted = new ArrayList<>();
            List<Double> refused = new ArrayList<>();
            for (double lat : lats) {
                JsonNode m = p.me().next();
                if (m.path("type").asText().equals("error")) {
                    assertThat(m.path("code").asText()).isEqualTo("rate_limited");
                    refused.add(lat);
                    m = p.me().next();
                }
                assertThat(m.path("type").asText()).isEqualTo("pong");
                if (!refused.contains(lat)) {
                    accepted.add(lat);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            // pair()'s init took one of the 10 tokens; the bucket may have refilled since, and refills 2/s meanwhile
            int mostAccepted = tokensWithin(10, 2, elapsed);
            System.out.printf("[measure] %d updates answered in %d ms: %d accepted (at most %d possible), %d rate"
                    + " limited%n", updates, elapsed.toMillis(), accepted.size(), mostAccepted, refused.size());
            assertThat(accepted.size()).as("the burst of 10 less pair()'s init, plus at most the refill over %d ms",
                    elapsed.toMillis()).isBetween(9, mostAccepted);
            assertThat(refused).isNotEmpty();
            double last = accepted.getLast();
            awaitCachedLat(p.id(), last); // the cache holds the last accepted update

            List<Double> seen = new ArrayList<>();
            await("the friend sees the last accepted update").atMost(Duration.ofSeconds(5)).until(() -> {
                p.friend().drain(m -> m.path("type").asText().equals("friend_location")).forEach(m -> seen.add(m.path("lat").asDouble()));
                return !seen.isEmpty() && seen.getLast() == last;
            });
            p.friend().expectNothing(QUIET);
            assertThat(seen).as("refused updates are never published").doesNotContainAnyElementsOf(refused);
        }
    }

    @Test
    void repeatedBadMessagesCloseWith1008() {
        try (Pair p = pair(); Pair other = pair()) {
            int sent = 0;
            try {
                for (; sent < 30 && !p.me().isClosed(); sent++) {
                    p.me().send("{\"type\":");
                }
            } catch (RuntimeException closed) {
                // the server closed while we were still sending
            }
            assertThat(p.me().awaitClose()).as("close code").isEqualTo(1008);
            List<JsonNode> answers = p.me().drain(m -> true);
            assertThat(answers).as("the violation budget of 20, then the close")
                    .hasSizeBetween(20, 22)
                    .allSatisfy(m -> assertThat(m.path("code").asText()).isEqualTo("bad_request"));
            assertThat(redis.get("loc:" + p.id())).isEqualTo(p.cached());

            // the server goes on serving everybody else
            p.friend().assertAlive();
            GeoPoint q = GreatCircle.destination(HOME, 0, 50);
            other.me().location(q.lat(), q.lon());
            other.friend().expectFriendLocation(other.id());
        }
    }

    @Test
    void aSustainedFloodIsClosedWith1008WhileAnotherUserKeepsBeingServed() throws Exception {
        try (Pair flooder = pair(); Pair other = pair(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    for (; n < 5_000 && !flooder.me().isClosed(); n++) {
                        flooder.me().send("{\"type\":\"ping\"}");
                    }
                } catch (RuntimeException closed) {
                    // expected once the server closes
                }
                return n;
            }, pool);

            for (int i = 1; i <= 5; i++) {
                GeoPoint q = GreatCircle.destination(HOME, 0, i * 30);
                other.me().location(q.lat(), q.lon());
                other.friend().expectFriendLocation(other.id());
            }
            assertThat(flooder.me().awaitClose()).as("close code").isEqualTo(1008);
            flood.get(5, TimeUnit.SECONDS);
            List<JsonNode> answers = flooder.me().drain(m -> true);
            // every message was taken by the server between `start` and the close: the buckets can have granted at most
            // their capacity plus what refilled meanwhile (GCRA: exact); the last rejection, the one beyond the
            // violation budget, is answered too before the close
            Duration elapsed = Duration.ofNanos(flooder.me().closedAtNanos() - start);
            long pongs = answers.stream().filter(m -> m.path("type").asText().equals("pong")).count();
            long limited = answers.stream().filter(m -> m.path("code").asText().equals("rate_limited")).count();
            int mostPongs = tokensWithin(MESSAGE_BURST, MESSAGES_PER_SECOND, elapsed);
            int mostLimited = tokensWithin(VIOLATIONS_PER_MINUTE, VIOLATIONS_PER_MINUTE / 60.0, elapsed) + 1;
            System.out.printf("[measure] flood closed after %d ms: %d pongs (at most %d possible), %d rate limited"
                    + " (at most %d possible)%n", elapsed.toMillis(), pongs, mostPongs, limited, mostLimited);
            assertThat(pongs).isBetween((long) MESSAGE_BURST - PAIR_MESSAGES, (long) mostPongs);
            assertThat(limited).isBetween((long) VIOLATIONS_PER_MINUTE, (long) mostLimited);
            other.me().assertAlive();
            other.friend().assertAlive();
            flooder.friend().assertAlive();
        }
    }
}
