package io.nearby.server.it;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hiding one's location from chosen friends ({@code PUT /api/friends/{id}/visibility}) on two servers: the hidden
 * friend's sessions, wherever they are, lose the user within 2 s with {@code friend_gone sharing_off} and get nothing
 * afterwards by any path (channel messages, {@code init}, {@code subscribe}, pages, a new connection on the other
 * server, the random-nearby cells), while the user's other friends and the friendship itself are untouched; showing
 * again brings the user back within 2 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiddenFriendIT {
    private static final GeoPoint HOME = new GeoPoint(51.5074, -0.1278);
    private static final NorthOf NORTH = new NorthOf(HOME);
    private static final Duration CHANGE_BOUND = Duration.ofSeconds(2);
    private Cluster cluster;

    @BeforeAll
    void start() {
        cluster = Cluster.builder().servers(2).start();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static GeoPoint north(double meters) {
        return NORTH.at(meters);
    }

    private static JsonNode initAt(WsClient c, double metersNorth) {
        return NORTH.initAt(c, metersNorth);
    }

    private static void moveTo(WsClient c, double metersNorth) {
        NORTH.moveTo(c, metersNorth);
    }

    private static String ids(JsonNode page) {
        StringBuilder ids = new StringBuilder();
        page.path("friends").forEach(f -> ids.append(ids.isEmpty() ? "" : ",").append(f.path("id").asText()));
        return ids.toString();
    }

    @Test
    void aHiddenFriendOnAnotherServerGetsNothingByAnyPathAndTheOthersKeepSeeing() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        String carol = Cluster.id("carol");
        cluster.user(alice);
        cluster.user(bob);
        cluster.user(carol);
        cluster.befriend(alice, bob);
        cluster.befriend(alice, carol);
        try (WsClient a = cluster.connect(alice, 0); WsClient b = cluster.connect(bob, 1); WsClient c = cluster.connect(carol, 1)) {
            initAt(b, 0);
            initAt(c, 50);
            initAt(a, 300);
            b.expectFriendLocation(alice);
            c.expectFriendLocation(alice);

            long sent = System.nanoTime();
            JsonNode answer = cluster.rest(alice, 0).ok("PUT", "/api/friends/" + bob + "/visibility", "{\"visible\":false}").json();
            assertThat(answer.path("visible").asBoolean(true)).isFalse();
            b.expectFriendGone(alice, "sharing_off", CHANGE_BOUND);
            System.out.printf("HiddenFriendIT hide via REST on server 0 → friend_gone on server 1: %.1f ms%n",
                    (System.nanoTime() - sent) / 1e6);

            // channel messages: carol, on bob's server, receives alice's moves; bob's session was handed each of them
            // too (one Redis message for the server, delivered to both before any frame is written), and his next
            // frame is the answer to his own ping
            for (int i = 1; i <= 3; i++) {
                moveTo(a, 300 - i * 50);
                c.expectFriendLocation(alice);
                b.assertAlive();
            }
            b.send("{\"type\":\"subscribe\",\"friendId\":\"" + alice + "\"}");
            b.assertAlive();
            b.send("{\"type\":\"nearby\",\"page\":0}");
            JsonNode page = b.expect("nearby");
            assertThat(page.path("total").asInt()).as("page: " + page).isZero();
            assertThat(ids(initAt(b, 10))).as("init").isEmpty();
            try (WsClient elsewhere = cluster.connect(bob, 0)) {
                assertThat(ids(initAt(elsewhere, 20))).as("a new connection on alice's own server").isEmpty();
                moveTo(a, 120);
                c.expectFriendLocation(alice);
                elsewhere.assertAlive();
            }
            JsonNode bobsFriends = cluster.rest(bob, 0).ok("GET", "/api/friends", null).json().path("friends");
            assertThat(bobsFriends.get(0).path("id").asText()).as("the friendship is unchanged").isEqualTo(alice);
            JsonNode alicesFriends = cluster.rest(alice, 1).ok("GET", "/api/friends", null).json().path("friends");
            assertThat(alicesFriends.findValuesAsText("visible")).hasSize(2);
            for (JsonNode f : alicesFriends) {
                assertThat(f.path("visible").asBoolean()).as(f.toString()).isEqualTo(!f.path("id").asText().equals(bob));
            }
            GeoPoint again = north(120);
            a.init(again.lat(), again.lon());
            JsonNode alicesPage;
            do {
                alicesPage = a.next(); // skipping bob's moves, which alice sees all along
            } while (!alicesPage.path("type").asText().equals("nearby"));
            assertThat(ids(alicesPage)).as("alice still sees bob: the choice is only about her location").contains(bob);

            sent = System.nanoTime();
            cluster.rest(alice, 1).ok("PUT", "/api/friends/" + bob + "/visibility", "{\"visible\":true}");
            JsonNode back = b.expectFriendLocation(alice);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThanOrEqualTo(CHANGE_BOUND);
            assertThat(back.path("distanceMeters").asDouble()).isCloseTo(110, within(5.0));
            moveTo(a, 100);
            b.expectFriendLocation(alice);
        }
    }

    @Test
    void hidingAndShowingInQuickSuccessionFromBothServersEndsInTheLastChoice() {
        String dan = Cluster.id("dan");
        String erin = Cluster.id("erin");
        String fred = Cluster.id("fred");
        String gina = Cluster.id("gina");
        for (String u : new String[]{dan, erin, fred, gina}) {
            cluster.user(u);
        }
        cluster.befriend(dan, erin);
        cluster.befriend(dan, gina);
        try (WsClient d = cluster.connect(dan, 0); WsClient e = cluster.connect(erin, 1);
             WsClient f = cluster.connect(fred, 0); WsClient g = cluster.connect(gina, 1)) {
            initAt(e, 0);
            initAt(d, 200);
            initAt(f, 300);
            initAt(g, 400);
            e.expectFriendLocation(dan);
            for (int i = 0; i < 5; i++) {
                cluster.rest(dan, i % 2).ok("PUT", "/api/friends/" + erin + "/visibility", "{\"visible\":false}");
                cluster.rest(dan, (i + 1) % 2).ok("PUT", "/api/friends/" + erin + "/visibility", "{\"visible\":true}");
            }
            cluster.rest(dan, 0).ok("PUT", "/api/friends/" + erin + "/visibility", "{\"visible\":false}");
            // witnesses: a friendship announced on erin's control channel by each server after every change it
            // announced; once erin has seen both, every announcement has been handled, each by re-reading the DB
            cluster.rest(erin, 0).add(fred);
            cluster.rest(fred, 0).add(erin);
            cluster.rest(erin, 1).add(gina);
            cluster.rest(gina, 1).add(erin);
            java.util.Set<String> witnesses = new java.util.HashSet<>();
            while (witnesses.size() < 2) {
                JsonNode m = e.next(CHANGE_BOUND.multipliedBy(2));
                if (m.path("id").asText().equals(dan)) {
                    continue; // dan coming and going while the changes are applied one by one
                }
                assertThat(m.path("type").asText() + " " + m.path("id").asText()).as("erin got " + m)
                        .isIn("friend_location " + fred, "friend_location " + gina);
                witnesses.add(m.path("id").asText());
            }
            e.send("{\"type\":\"nearby\",\"page\":0}");
            JsonNode page = e.expect("nearby");
            assertThat(ids(page)).as("the last choice (hidden) holds: " + page).doesNotContain(dan).contains(fred, gina);
            moveTo(d, 150);
            JsonNode m;
            do {
                m = g.next(); // gina, on erin's server, sees dan's move: erin's session was handed it too
            } while (!(m.path("type").asText().equals("friend_location") && m.path("id").asText().equals(dan)));
            e.assertAlive();
        }
    }

    @Test
    void aHiddenFriendIsNotShownAsANearbyStrangerEither() {
        String ivy = Cluster.id("ivy");
        String jon = Cluster.id("jon");
        String kim = Cluster.id("kim");
        for (String u : new String[]{ivy, jon, kim}) {
            cluster.user(u).discoverable(true);
        }
        cluster.befriend(ivy, jon);
        try (WsClient j = cluster.connect(jon, 1); WsClient k = cluster.connect(kim, 1); WsClient i = cluster.connect(ivy, 0)) {
            initAt(j, 0);
            initAt(k, 100);
            initAt(i, 300);
            j.expectFriendLocation(ivy);
            for (WsClient c : new WsClient[]{j, k}) {
                c.send("{\"type\":\"random\",\"enabled\":true}");
                c.assertAlive();
            }
            cluster.rest(ivy, 0).ok("PUT", "/api/friends/" + jon + "/visibility", "{\"visible\":false}");
            j.expectFriendGone(ivy, "sharing_off", CHANGE_BOUND);
            moveTo(i, 250);
            // kim, a stranger on jon's server, sees ivy (coarsened) from the cell channel: jon's session had it too
            assertThat(k.expect("stranger_location").path("id").asText()).isEqualTo(ivy);
            j.assertAlive();
        }
    }
}
