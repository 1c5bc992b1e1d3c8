package io.nearby.server.it;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Timed ghost mode ({@code PUT /api/users/me/sharing {"enabled":false,"until":ms}}) on two servers with the user DB on
 * the test kit's real PostgreSQL: friends on both servers lose the user within 2 s; nothing of the pause is cached,
 * published, kept in history or shown to anyone; the pause ends by itself at its time, with the user's next update.
 * The servers run on a {@link JumpingClock}, so the end of a pause is reached without waiting for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GhostModeIT {
    private static final GeoPoint HOME = new GeoPoint(40.7128, -74.0060);
    private static final Duration CHANGE_BOUND = Duration.ofSeconds(2);
    private final JumpingClock clock = new JumpingClock();
    private Cluster cluster;

    @BeforeAll
    void start() {
        cluster = Cluster.builder().servers(2).postgres().clock(clock).start();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static GeoPoint north(double meters) {
        return GreatCircle.destination(HOME, 0, meters);
    }

    /** A fix taken now by the servers' clock (the client's clock in this test is theirs). */
    private void fix(WsClient c, String type, double metersNorth) {
        GeoPoint p = north(metersNorth);
        if (type.equals("init")) {
            c.init(p.lat(), p.lon(), clock.millis());
        } else {
            c.location(p.lat(), p.lon(), clock.millis());
        }
    }

    private void initAt(WsClient c, double metersNorth) {
        fix(c, "init", metersNorth);
        c.expect("nearby");
    }

    private static JsonNode put(Rest rest, String path, String body) {
        return rest.ok("PUT", path, body).json();
    }

    @Test
    void aPauseHidesTheUserUntilItEndsAndNothingTakenDuringItIsEverSeen() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        String carol = Cluster.id("carol");
        cluster.user(alice);
        cluster.user(bob);
        cluster.user(carol);
        cluster.befriend(alice, bob);
        cluster.befriend(alice, carol);
        try (WsClient a = cluster.connect(alice, 1); WsClient b = cluster.connect(bob, 0); WsClient c = cluster.connect(carol, 1)) {
            initAt(b, 0);
            initAt(c, 100);
            initAt(a, 500);
            b.expectFriendLocation(alice);
            c.expectFriendLocation(alice);

            long pausedAt = clock.millis();
            long until = pausedAt + 60_000;
            long sent = System.nanoTime();
            JsonNode paused = put(cluster.rest(alice, 0), "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + until + "}");
            assertThat(paused.path("sharing").asBoolean(true)).isFalse();
            assertThat(paused.path("sharingUntil").asLong()).isEqualTo(until);
            b.expectFriendGone(alice, "sharing_off", CHANGE_BOUND);
            c.expectFriendGone(alice, "sharing_off", CHANGE_BOUND);
            System.out.printf("GhostModeIT pause via REST on server 0 → friend_gone on servers 0 and 1: %.1f ms%n",
                    (System.nanoTime() - sent) / 1e6);
            assertThat(a.expect("nearby").path("sharing").asBoolean(true)).as("a ghost sees nobody either").isFalse();

            // during the pause alice moves, also from a session opened meanwhile on the other server, which reads the
            // pause from the DB
            for (int i = 1; i <= 5; i++) {
                fix(a, "location", 500 - i * 40);
            }
            a.processed();
            try (WsClient again = cluster.connect(alice, 0)) {
                fix(again, "init", 250);
                assertThat(again.expect("nearby").path("sharing").asBoolean(true)).isFalse();
                fix(again, "location", 240);
                again.processed();
            }
            try (Jedis redis = new Jedis(URI.create(cluster.redis().urlWithPassword()))) {
                assertThat(redis.exists("loc:" + alice)).as("nothing cached during the pause").isFalse();
            }
            assertThat(cluster.rest(alice, 1).ok("GET", "/api/users/me", null).json().path("sharingUntil").asLong()).isEqualTo(until);

            // the pause runs out: nothing is shared before alice's next update, which is taken after it
            clock.jump(until - clock.millis());
            JsonNode me = cluster.rest(alice, 0).ok("GET", "/api/users/me", null).json();
            assertThat(me.path("sharing").asBoolean()).as("over: sharing on without any call").isTrue();
            assertThat(me.path("sharingUntil").isNull()).isTrue();
            // a fix accepted after the end but taken before it (its own ts) is not shared either
            GeoPoint late = north(200);
            a.location(late.lat(), late.lon(), until - 1);
            a.processed();
            long resumedAt = clock.millis();
            fix(a, "location", 150);
            assertThat(a.expect("nearby").path("sharing").asBoolean()).as("alice sees her friends again").isTrue();
            JsonNode seen = b.expectFriendLocation(alice);
            assertThat(seen.path("ts").asLong()).as("bob's first sight of alice since the pause: the new fix").isEqualTo(resumedAt);
            assertThat(seen.path("distanceMeters").asDouble()).isCloseTo(150, within(5.0));
            assertThat(c.expectFriendLocation(alice).path("ts").asLong()).isEqualTo(resumedAt);

            List<Long> history = await("alice's history has the fix that ended the pause").atMost(Duration.ofSeconds(10))
                    .until(() -> historyTimes(alice), times -> times.contains(resumedAt));
            assertThat(history).as("history keeps nothing of the pause").noneMatch(ts -> ts >= pausedAt && ts < until);
        }
    }

    @Test
    void turningSharingOnDuringAPauseSharesTheNextFixNotOneTakenDuringThePause() {
        String dan = Cluster.id("dan");
        String erin = Cluster.id("erin");
        cluster.user(dan);
        cluster.user(erin);
        cluster.befriend(dan, erin);
        try (WsClient d = cluster.connect(dan, 1); WsClient e = cluster.connect(erin, 0)) {
            initAt(e, 0);
            initAt(d, 400);
            e.expectFriendLocation(dan);
            put(cluster.rest(dan, 0), "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (clock.millis() + 3_600_000) + "}");
            e.expectFriendGone(dan, "sharing_off", CHANGE_BOUND);
            d.expect("nearby");
            fix(d, "location", 300);
            d.processed();
            put(cluster.rest(dan, 1), "/api/users/me/sharing", "{\"enabled\":true}");
            assertThat(d.expect("nearby").path("sharing").asBoolean()).isTrue();
            fix(d, "location", 200);
            assertThat(e.expectFriendLocation(dan).path("distanceMeters").asDouble())
                    .as("the 300 m fix was taken during the pause: never shared").isCloseTo(200, within(5.0));
        }
    }

    @Test
    void aPauseSurvivesARestartOfTheServers(@TempDir Path dir) {
        String fay = Cluster.id("fay");
        String db = "jdbc:h2:file:" + dir.resolve("users");
        long until = clock.millis() + 3_600_000;
        try (Cluster first = Cluster.builder().env("NEARBY_DB_URL", db).clock(clock).start()) {
            first.user(fay);
            put(first.rest(fay), "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + until + "}");
        }
        try (Cluster second = Cluster.builder().env("NEARBY_DB_URL", db).clock(clock).start();
             WsClient f = second.connect(fay)) {
            assertThat(second.rest(fay).ok("GET", "/api/users/me", null).json().path("sharingUntil").asLong()).isEqualTo(until);
            fix(f, "init", 0);
            assertThat(f.expect("nearby").path("sharing").asBoolean(true)).isFalse();
            fix(f, "location", 10);
            f.processed();
            try (Jedis redis = new Jedis(URI.create(second.redis().urlWithPassword()))) {
                assertThat(redis.exists("loc:" + fay)).isFalse();
            }
        }
    }

    private List<Long> historyTimes(String userId) {
        JsonNode body = cluster.rest(userId, 1).ok("GET", "/api/users/me/history?limit=1000", null).json();
        return StreamSupport.stream(body.path("points").spliterator(), false).map(p -> p.path("ts").asLong()).toList();
    }
}
