package io.nearby.server.it;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Users walk scripted paths around San Francisco; each asserts the exact sequence of events it receives
 * (STYLE.md §9). Radius 5 miles (8,046.72 m); inactivity 6 s so that "inactive" is observable quickly, yet
 * well beyond the time for which a user must stay active between her last update and the steps that need her
 * visible (alice refreshes her position before those), even on a loaded machine (pagination, which needs a slower
 * set-up, is in PaginationIT). Run once with the location cache on the redis-server and once with it on the test kit's
 * Redis Cluster (3 masters + 3 replicas; the Pub/Sub stays on the redis-server).
 */
class GoldenScenarioIT {
    private static final GeoPoint HOME = new GeoPoint(37.7749, -122.4194);
    private static final Duration QUIET = Duration.ofMillis(400);
    private static final Duration INACTIVE = Duration.ofSeconds(6);
    /** Server clock (ms, wall) against the test's nanoTime: what truncation to milliseconds may cost. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(50);

    @Nested
    class CacheOnRedisServer extends Scenarios {
        CacheOnRedisServer() {
            super(false);
        }
    }

    @Nested
    class CacheOnRedisCluster extends Scenarios {
        CacheOnRedisCluster() {
            super(true);
        }
    }

    private static GeoPoint north(double meters) {
        return GreatCircle.destination(HOME, 0, meters);
    }

    private static void at(WsClient c, double metersNorth) {
        GeoPoint p = north(metersNorth);
        c.location(p.lat(), p.lon());
    }

    private static JsonNode init(WsClient c, double metersNorth) {
        GeoPoint p = north(metersNorth);
        c.init(p.lat(), p.lon());
        return c.expect("nearby");
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {
        private final boolean cacheCluster;
        private Cluster cluster;

        Scenarios(boolean cacheCluster) {
            this.cacheCluster = cacheCluster;
        }

        @BeforeAll
        void start() {
            Cluster.Builder b = Cluster.builder().env("NEARBY_INACTIVE_SECONDS", Long.toString(INACTIVE.toSeconds()));
            cluster = (cacheCluster ? b.cacheCluster() : b).start();
            for (String u : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
                cluster.user(u);
            }
            cluster.befriend("alice", "bob");
            cluster.befriend("alice", "carol");
            cluster.befriend("bob", "erin");
        }

        @AfterAll
        void stop() {
            cluster.close();
        }

        @Test
        void walkingInAndOutOfRangeUnfriendingSharingOffAndGoingInactive() {
            try (WsClient alice = cluster.connect("alice"); WsClient bob = cluster.connect("bob");
                 WsClient carol = cluster.connect("carol"); WsClient dave = cluster.connect("dave")) {
                assertThat(init(alice, 0).path("total").asInt()).as("nobody around yet").isZero();
                assertThat(init(bob, 20_000).path("total").asInt()).as("alice is 20 km away").isZero();
                alice.expectNothing(QUIET);

                // bob walks into range: both see each other
                at(bob, 7_000);
                assertThat(alice.expectFriendLocation("bob").path("distanceMeters").asDouble()).isCloseTo(7_000, within(5.0));
                assertThat(bob.expectFriendLocation("alice").path("distanceMeters").asDouble()).isCloseTo(7_000, within(5.0));

                // bob moves closer: alice sees the move, bob sees nothing new (alice did not move)
                at(bob, 3_000);
                JsonNode moved = alice.expectFriendLocation("bob");
                assertThat(moved.path("distanceMeters").asDouble()).isCloseTo(3_000, within(5.0));
                assertThat(moved.path("name").asText()).isEqualTo("Bob");
                bob.expectNothing(QUIET);

                // bob walks out of range
                at(bob, 12_000);
                alice.expectFriendGone("bob", "out_of_range");
                bob.expectFriendGone("alice", "out_of_range");

                // carol arrives 1 km away; dave (nobody's friend here) stands next to alice
                JsonNode carolsPage = init(carol, 1_000);
                assertThat(carolsPage.path("total").asInt()).isEqualTo(1);
                assertThat(carolsPage.path("friends").get(0).path("id").asText()).isEqualTo("alice");
                alice.expectFriendLocation("carol");
                assertThat(init(dave, 10).path("total").asInt()).isZero();
                alice.expectNothing(QUIET);

                // alice unfriends carol: both are told, and carol's moves stop reaching alice
                cluster.rest("alice").unfriend("carol");
                alice.expectFriendGone("carol", "unfriended");
                carol.expectFriendGone("alice", "unfriended");
                at(carol, 900);
                carol.assertAlive();                                      // carol's move is handled (and not published)
                alice.expectNothing(QUIET);

                // alice stands still and says so: the steps so far took seconds, and she must be active to be seen below
                long aliceSilentSince = System.nanoTime();                // her last location
                alice.location(HOME.lat(), HOME.lon());
                alice.assertAlive();                                      // nobody she shares with is in range: no events

                // bob comes back, then turns sharing off
                at(bob, 2_000);
                alice.expectFriendLocation("bob");
                JsonNode aliceSeen = bob.expectFriendLocation("alice");
                cluster.rest("bob").sharing(false);
                alice.expectFriendGone("bob", "sharing_off");
                // alice's stand-still update above is synchronised with alice's session only: it may still be on its
                // way over Pub/Sub when bob's move brings her into range (seen in a fresh clone, cache on the Redis
                // Cluster). Then bob is shown her previous position first and this newer one after it, before his
                // sharing goes off; never the same one twice (FriendView ignores a repeat)
                JsonNode next = bob.next();
                if (next.path("type").asText().equals("friend_location")) {
                    assertThat(next.path("id").asText()).isEqualTo("alice");
                    assertThat(next.path("ts").asLong()).as("a newer update, not a repeat").isGreaterThan(aliceSeen.path("ts").asLong());
                    next = bob.next();
                }
                // reciprocity: bob, who no longer shares, sees nobody either, and is told why
                assertThat(next.path("type").asText()).as("bob got " + next).isEqualTo("nearby");
                assertThat(next.path("sharing").asBoolean(true)).isFalse();
                long bobSilentSince = System.nanoTime();                  // bob's last location
                at(bob, 1_500);
                bob.assertAlive();                                        // handled before sharing goes back on
                alice.expectNothing(QUIET);

                // sharing back on: bob's connection shares its latest position at once, and bob sees alice again
                cluster.rest("bob").sharing(true);
                assertThat(alice.expectFriendLocation("bob").path("distanceMeters").asDouble()).isCloseTo(1_500, within(5.0));
                JsonNode bobsPage = bob.expect("nearby");
                assertThat(bobsPage.path("sharing").asBoolean()).isTrue();
                assertThat(bobsPage.path("friends").get(0).path("id").asText()).isEqualTo("alice");

                // everyone stops sending: after 6 s of silence friends disappear as inactive, not before (alice went silent
                // first, so bob is told first; each wait starts before the event is due, so arrival is measured)
                bob.expectFriendGone("alice", "inactive", INACTIVE.plus(WsClient.WAIT));
                assertThat(Duration.ofNanos(System.nanoTime() - aliceSilentSince)).as("alice gone only after her silence")
                        .isGreaterThanOrEqualTo(INACTIVE.minus(CLOCK_SLACK));
                alice.expectFriendGone("bob", "inactive", INACTIVE.plus(WsClient.WAIT));
                assertThat(Duration.ofNanos(System.nanoTime() - bobSilentSince)).as("bob gone only after his silence")
                        .isGreaterThanOrEqualTo(INACTIVE.minus(CLOCK_SLACK));
                alice.expectNothing(QUIET);
                dave.assertAlive();                                       // seconds after everything: nothing came for dave
            }
        }

        @Test
        void aNewFriendWhoIsNearbyAppearsWithoutAnyClientAction() {
            cluster.user("frank");
            cluster.user("gina");
            try (WsClient frank = cluster.connect("frank"); WsClient gina = cluster.connect("gina")) {
                init(frank, 0);
                init(gina, 500);
                frank.expectNothing(QUIET);
                assertThat(cluster.rest("frank").add("gina")).isEqualTo("pending");
                frank.expectNothing(QUIET);
                assertThat(cluster.rest("gina").add("frank")).isEqualTo("friends");
                assertThat(frank.expectFriendLocation("gina").path("distanceMeters").asDouble()).isCloseTo(500, within(5.0));
                assertThat(gina.expectFriendLocation("frank").path("distanceMeters").asDouble()).isCloseTo(500, within(5.0));
                at(gina, 400);
                frank.expectFriendLocation("gina");
            }
        }
    }
}
