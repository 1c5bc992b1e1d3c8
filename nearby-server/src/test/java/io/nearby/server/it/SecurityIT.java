package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.api.TokenIssuer;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.testkit.HttpCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md "a location is only ever sent to the user's friends, never to anyone else, whatever they send", and
 * authentication: no valid token, no connection and no REST call; a user can only touch their own data; health and
 * metrics are open but expose no user data.
 */
class SecurityIT {
    private static final Duration QUIET = Duration.ofMillis(400);
    private static final GeoPoint HOME = new GeoPoint(52.5200, 13.4050);
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static GeoPoint east(double meters) {
        return GreatCircle.destination(HOME, 90, meters);
    }

    private static void init(WsClient c, double metersEast) {
        GeoPoint p = east(metersEast);
        c.init(p.lat(), p.lon());
        c.expect("nearby");
        c.assertAlive();  // init fully processed (and published) before the test goes on
    }

    /** Walks north from HOME in 15 m steps; returns where it stopped. */
    private static GeoPoint walk(WsClient c, int steps) {
        GeoPoint p = HOME;
        for (int i = 1; i <= steps; i++) {
            p = GreatCircle.destination(HOME, 0, i * 15.0);
            c.location(p.lat(), p.lon());
        }
        c.assertAlive();
        return p;
    }

    /** {@code c} receives only friend_location of {@code id} until one shows {@code at} (a slow reader may skip some). */
    private static void awaitFriendAt(WsClient c, String id, GeoPoint at) {
        List<JsonNode> seen = new ArrayList<>();
        await(c.name() + " sees " + id + " at " + at).atMost(WsClient.WAIT).until(() -> {
            seen.addAll(c.drain(m -> true));
            return !seen.isEmpty() && Math.abs(seen.getLast().path("lat").asDouble() - at.lat()) < 1e-6;
        });
        assertThat(seen).allSatisfy(m -> assertThat(m.path("type").asText() + "/" + m.path("id").asText())
                .isEqualTo("friend_location/" + id));
    }

    /** Everything {@code c} received mentions {@code id} at most in an error text: no location, no list entry, no gone. */
    private static void assertNothingLeakedAbout(WsClient c, String id, List<JsonNode> received) {
        for (JsonNode m : received) {
            String type = m.path("type").asText();
            assertThat(type).as(c.name() + " got " + m).isIn("error", "nearby", "pong");
            if (type.equals("nearby")) {
                assertThat(m.path("total").asInt()).as(c.name() + " got " + m).isZero();
                assertThat(m.path("friends")).as(c.name() + " got " + m).isEmpty();
            }
            assertThat(m.path("id").asText()).isNotEqualTo(id);
        }
    }

    private static List<JsonNode> all(WsClient c) {
        return new ArrayList<>(c.drain(m -> true));
    }

    // ------------------------------------------------------------------ who receives locations

    @Test
    void aNonFriendNeverReceivesALocationWhateverTheySend() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        String mallory = Cluster.id("mallory");
        for (String u : List.of(alice, bob, mallory)) {
            cluster.user(u);
        }
        cluster.befriend(alice, bob);
        try (WsClient a = cluster.connect(alice); WsClient b = cluster.connect(bob); WsClient m = cluster.connect(mallory)) {
            init(a, 0);
            init(b, 500);
            a.expectFriendLocation(bob);
            init(m, 1);  // mallory stands one metre from alice

            m.send("{\"type\":\"subscribe\",\"friendId\":\"" + alice + "\"}");
            m.expectError("not_friend");
            assertThat(cluster.rest(mallory).add(alice)).as("a request mallory sends alone").isEqualTo("pending");
            long now = System.currentTimeMillis();
            GeoPoint here = east(1);
            for (String crafted : List.of(
                    "{\"type\":\"subscribe\",\"friendId\":\"" + alice + "\"}",
                    "{\"type\":\"unsubscribe\",\"friendId\":\"" + alice + "\"}",
                    "{\"type\":\"nearby\",\"page\":0,\"friendId\":\"" + alice + "\",\"id\":\"" + alice + "\"}",
                    "{\"type\":\"location\",\"lat\":" + here.lat() + ",\"lon\":" + here.lon() + ",\"ts\":" + now
                            + ",\"id\":\"" + alice + "\",\"userId\":\"" + alice + "\",\"sub\":\"" + alice + "\"}",
                    "{\"type\":\"init\",\"lat\":" + here.lat() + ",\"lon\":" + here.lon() + ",\"ts\":" + now
                            + ",\"userId\":\"" + alice + "\",\"friends\":[\"" + alice + "\"]}",
                    "{\"type\":\"random\",\"enabled\":true}",
                    "{\"type\":\"subscribe\",\"friendId\":\"" + alice + "\",\"type\":\"subscribe\"}",
                    "{\"type\":\"subscribe\",\"friendId\":[\"" + alice + "\"]}")) {
                m.send(crafted);
            }
            m.send("{\"type\":\"ping\"}");
            List<JsonNode> received = new ArrayList<>();
            do {
                received.add(m.next());
            } while (!received.getLast().path("type").asText().equals("pong"));
            assertThat(received.stream().map(r -> r.path("type").asText() + "/" + r.path("code").asText()))
                    .as("one answer per crafted message that has one")
                    .containsExactly("error/not_friend", "error/not_friend", "nearby/", "nearby/", "error/not_discoverable",
                            "error/not_friend", "error/bad_request", "pong/");

            GeoPoint last = walk(a, 20);
            awaitFriendAt(b, alice, last);  // the updates do flow — to the friend
            m.expectNothing(QUIET);
            received.addAll(all(m));
            assertNothingLeakedAbout(m, alice, received);
            a.assertAlive();                        // nothing came for alice either (the pong must be next)
        }
    }

    @Test
    void aPendingRequestLeaksNothingEitherWay() {
        String alice = Cluster.id("alice");
        String carol = Cluster.id("carol");
        cluster.user(alice);
        cluster.user(carol);
        assertThat(cluster.rest(alice).add(carol)).isEqualTo("pending");
        try (WsClient a = cluster.connect(alice); WsClient c = cluster.connect(carol)) {
            init(a, 0);
            init(c, 10);
            walk(a, 10);
            walk(c, 10);
            for (WsClient x : List.of(a, c)) {
                String other = x == a ? carol : alice;
                x.send("{\"type\":\"subscribe\",\"friendId\":\"" + other + "\"}");
                x.expectError("not_friend");
                x.send("{\"type\":\"nearby\",\"page\":0}");
                assertThat(x.expect("nearby").path("total").asInt()).isZero();
                x.expectNothing(QUIET);
            }

            // control: once carol accepts, they do see each other — the silence above was the rule, not a broken feed
            assertThat(cluster.rest(carol).add(alice)).isEqualTo("friends");
            a.expectFriendLocation(carol);
            c.expectFriendLocation(alice);
        }
    }

    @Test
    void afterUnfriendingNoMoreUpdatesEitherWay() {
        String dave = Cluster.id("dave");
        String erin = Cluster.id("erin");
        cluster.user(dave);
        cluster.user(erin);
        cluster.befriend(dave, erin);
        try (WsClient d = cluster.connect(dave); WsClient e = cluster.connect(erin)) {
            init(d, 0);
            init(e, 200);
            d.expectFriendLocation(erin);

            cluster.rest(erin).unfriend(dave);
            d.expectFriendGone(erin, "unfriended");
            e.expectFriendGone(dave, "unfriended");
            walk(d, 10);
            walk(e, 10);
            d.expectNothing(QUIET);
            e.assertAlive();                        // nothing came for erin either (the pong must be next)
            e.send("{\"type\":\"subscribe\",\"friendId\":\"" + dave + "\"}");
            e.expectError("not_friend");

            // a fresh connection does not bring the old friend back either
            try (WsClient d2 = cluster.connect(dave)) {
                d2.init(east(0).lat(), east(0).lon());
                assertThat(d2.expect("nearby").path("total").asInt()).isZero();
                walk(e, 3);
                d2.expectNothing(QUIET);
            }
        }
    }

    // ------------------------------------------------------------------ WebSocket authentication

    private static int refused(String query, String authorization) {
        long before = cluster.sessionsOpened(0);
        URI uri = URI.create("ws://localhost:" + cluster.server(0).port() + "/ws" + query);
        int status = WsClient.refusedStatus(uri, authorization);
        assertThat(cluster.sessionsOpened(0)).as("no session opened").isEqualTo(before);
        return status;
    }

    private static String secret() {
        return Cluster.SECRET;
    }

    private static String token(String secret, Clock clock, String userId, Duration ttl) {
        return new TokenIssuer(secret.getBytes(StandardCharsets.UTF_8), clock).issue(userId, ttl);
    }

    private static String unsignedToken(String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = System.currentTimeMillis() / 1000 + 3600;
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + userId + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void anUpgradeWithoutAValidTokenIsRefusedWith401() {
        String id = Cluster.id("eve");
        cluster.user(id);
        Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        String expiredByTtl = token(secret(), Clock.systemUTC(), id, Duration.ofMinutes(-1));
        String expiredByClock = token(secret(), twoHoursAgo, id, Duration.ofHours(1));
        String otherSecret = token("another-secret-of-at-least-32-bytes!!", Clock.systemUTC(), id, Duration.ofHours(1));
        String valid = cluster.token(id);
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(refused("", null)).as("no token").isEqualTo(401);
        assertThat(refused("?access_token=", null)).as("empty token").isEqualTo(401);
        assertThat(refused("?access_token=not-a-jwt", null)).as("malformed query token").isEqualTo(401);
        assertThat(refused("", "Bearer not.a.jwt")).as("malformed header token").isEqualTo(401);
        assertThat(refused("", "Basic YWxpY2U6c2VjcmV0")).as("not a bearer token").isEqualTo(401);
        assertThat(refused("?access_token=" + expiredByTtl, null)).as("expired (negative TTL)").isEqualTo(401);
        assertThat(refused("", "Bearer " + expiredByClock)).as("expired (issued by a clock 2 h behind)").isEqualTo(401);
        assertThat(refused("?access_token=" + otherSecret, null)).as("signed with another secret").isEqualTo(401);
        assertThat(refused("?access_token=" + tampered, null)).as("bad signature").isEqualTo(401);
        assertThat(refused("?access_token=" + unsignedToken(id), null)).as("alg none").isEqualTo(401);
    }

    @Test
    void theTokenWorksInTheHeaderAsWellAsInTheQuery() {
        String id = Cluster.id("frank");
        String friend = Cluster.id("gina");
        cluster.user(id);
        cluster.user(friend);
        cluster.befriend(id, friend);
        URI bare = URI.create("ws://localhost:" + cluster.server(0).port() + "/ws");
        try (WsClient viaHeader = WsClient.connect(bare, id, "Bearer " + cluster.token(id));
             WsClient viaQuery = cluster.connect(friend)) {
            init(viaHeader, 0);
            viaQuery.init(east(100).lat(), east(100).lon());
            JsonNode page = viaQuery.expect("nearby");
            assertThat(page.path("friends").get(0).path("id").asText()).as("the header token authenticated " + id).isEqualTo(id);
            viaHeader.expectFriendLocation(friend);
        }
    }

    // ------------------------------------------------------------------ REST

    @ParameterizedTest(name = "{0} {1} without a token → 401")
    @CsvSource({
            "GET, /api/users/me,",
            "PUT, /api/users/me, {\"name\":\"X\"}",
            "PUT, /api/users/me/sharing, {\"enabled\":true}",
            "PUT, /api/users/me/discoverable, {\"enabled\":true}",
            "GET, /api/users/me/history?from=0&to=1&limit=10,",
            "GET, /api/friends,",
            "POST, /api/friends/alice,",
            "DELETE, /api/friends/alice,",
            "PUT, /api/friends/alice/visibility, {\"visible\":false}",
            "PUT, /api/users/me/alerts, {\"meters\":500}",
            "GET, /api/no-such-route,",
            "GET, //api/users/me,"})
    void everyApiRouteWithoutAValidTokenIs401(String method, String path, String body) {
        for (String token : new String[] {null, "not-a-jwt", token(secret(), Clock.systemUTC(), "alice", Duration.ofMinutes(-1))}) {
            Rest.Response r = new Rest("http://localhost:" + cluster.server(0).port(), token).call(method, path, body);
            assertThat(r.status()).as(method + " " + path + " with token " + token + " → " + r.body()).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("unauthorized");
            assertThat(r.json().path("message").asText()).isNotBlank();
        }
    }

    @Test
    void aUserCannotWriteAnotherUsersProfile() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        Rest asAlice = cluster.rest(alice);
        for (String[] call : new String[][] {
                {"PUT", "/api/users/" + bob, "{\"name\":\"Hacked\"}"},
                {"GET", "/api/users/" + bob, null},
                {"PUT", "/api/users/" + bob + "/sharing", "{\"enabled\":false}"},
                {"PUT", "/api/users/" + bob + "/discoverable", "{\"enabled\":true}"},
                {"PUT", "/api/users/" + bob + "/alerts", "{\"meters\":500}"}}) {
            Rest.Response r = asAlice.call(call[0], call[1], call[2]);
            assertThat(r.status()).as(call[0] + " " + call[1] + " → " + r.body()).isIn(404, 405);
        }
        JsonNode me = cluster.rest(bob).ok("GET", "/api/users/me", null).json();
        assertThat(me.path("name").asText()).isNotEqualTo("Hacked");
        assertThat(me.path("sharing").asBoolean()).isTrue();
        assertThat(me.path("discoverable").asBoolean()).isFalse();
    }

    @Test
    void deletingAFriendshipTouchesOnlyTheCallersEdges() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        String carol = Cluster.id("carol");
        for (String u : List.of(alice, bob, carol)) {
            cluster.user(u);
        }
        cluster.befriend(bob, carol);
        try (WsClient b = cluster.connect(bob); WsClient c = cluster.connect(carol)) {
            init(b, 0);
            init(c, 300);
            b.expectFriendLocation(carol);

            Rest.Response r = cluster.rest(alice).call("DELETE", "/api/friends/" + bob, null);
            assertThat(r.status()).isEqualTo(204);
            assertThat(cluster.rest(alice).call("DELETE", "/api/friends/" + carol, null).status()).isEqualTo(204);

            JsonNode friendsOfBob = cluster.rest(bob).ok("GET", "/api/friends", null).json();
            assertThat(friendsOfBob.path("friends").findValuesAsText("id")).containsExactly(carol);
            b.expectNothing(QUIET);
            c.assertAlive();                        // nothing came for carol either (the pong must be next)
            awaitFriendAt(b, carol, walk(c, 1));
        }
    }

    // ------------------------------------------------------------------ health and metrics

    @Test
    void healthAndMetricsAreOpenButExposeNoIds() throws Exception {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        // the token alice really connects with; its header part is the same constant (eyJhbGciOiJIUzI1NiJ9) in every
        // token, so look for the parts that are alice's own: the claims and the signature
        String token = cluster.token(alice);
        String[] parts = token.split("\\.");
        assertThat(parts).as("header.claims.signature").hasSize(3);
        String tokenClaims = parts[1];
        String tokenSignature = parts[2];
        assertThat(tokenSignature).as("an HS256 signature").hasSizeGreaterThanOrEqualTo(40);
        try (WsClient a = WsClient.connect(cluster.wsUri(0, token), alice); WsClient b = cluster.connect(bob)) {
            init(a, 0);
            init(b, 100);
            a.expectFriendLocation(bob);
            walk(b, 3);
            b.send("{\"type\":\"subscribe\",\"friendId\":\"" + alice + "x\"}");  // an error, counted in metrics
            b.expectError("not_friend");
            for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics")) {
                HttpResponse<String> r = HttpCalls.get(URI.create("http://localhost:" + cluster.server(0).port() + path));
                assertThat(r.statusCode()).as(path + " needs no token").isEqualTo(200);
                assertThat(r.body()).as(path).doesNotContain(alice, bob, token, tokenClaims, tokenSignature,
                        Cluster.SECRET);
            }
            // the detailed report: the operator token only (a user's valid JWT is not it), and no ids or secrets either
            assertThat(cluster.rest(alice).call("GET", "/health/details", null).status()).isEqualTo(401);
            assertThat(cluster.rest(null).call("GET", "/health/details", null).status()).isEqualTo(401);
            Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
            assertThat(details.status()).as(details.body()).isEqualTo(200);
            assertThat(details.body()).contains("location-cache").doesNotContain(alice, bob, token, tokenClaims,
                    tokenSignature, Cluster.SECRET, Cluster.ADMIN_TOKEN);
        }
    }
}
