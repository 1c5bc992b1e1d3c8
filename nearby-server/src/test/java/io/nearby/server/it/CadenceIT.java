package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.Radius;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-driven cadence ({@code {"type":"cadence","seconds":n}}) on two servers with PostgreSQL, in a compressed
 * world so that the rule runs in seconds: a normal period P of 2 s (the product's 30 s), at most 20 s (300 s), a
 * closing speed of 3,600 km/h, 1 km per second (120 km/h). With those, a friend 9.5 km beyond the radius could enter
 * in 9.5 s, so the client must send again within 11.5 s: 10 s, rounded down to periods of 2 s.
 * <ul>
 *   <li>after init, and when the user's own update changes it; at once when a far friend's update (on the other
 *       server) brings them closer; never lengthened by a friend's move;</li>
 *   <li>friends who hide from the user never shorten it (that would tell the user one of them is near);</li>
 *   <li>sharing off and being discoverable (random nearby) call for the normal period at once;</li>
 *   <li>the alert interval (1 s here, the product's 10 s) for the moving one of two friends within the alert zone,
 *       whichever of the two set the alert distance, and on whatever server;</li>
 *   <li>end to end, with both phones honouring it: a friend driving in at half the closing speed is seen within one
 *       normal period of truly entering the radius, with far fewer updates than at the normal period.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CadenceIT {
    private static final NorthOf NORTH = new NorthOf(new GeoPoint(52.52, 13.405));
    private static final double R = Radius.ofMiles(5).meters();
    private static final int P = 2;
    private static final int LONGEST = 20;
    /** The alert interval (the product's 10 s). */
    private static final int ALERT = 1;
    /** The closing speed, metres per second. */
    private static final double V = 1_000;
    private Cluster cluster;

    @BeforeAll
    void start() {
        cluster = Cluster.builder().servers(2).postgres().env(Map.of("NEARBY_CADENCE_SECONDS", Integer.toString(P),
                "NEARBY_CADENCE_MAX_SECONDS", Integer.toString(LONGEST), "NEARBY_CADENCE_SPEED_KMH", Double.toString(V * 3.6),
                "NEARBY_CADENCE_ALERT_SECONDS", Integer.toString(ALERT), "NEARBY_INACTIVE_SECONDS", "60")).start();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static void initAt(WsClient c, double metersNorth) {
        NORTH.initAt(c, metersNorth);
    }

    private static void moveTo(WsClient c, double metersNorth) {
        NORTH.moveTo(c, metersNorth);
    }

    @Test
    void farFriendsLengthenItAndAFriendComingCloserShortensItAtOnce() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        try (WsClient a = cluster.connect(alice, 0); WsClient b = cluster.connect(bob, 1)) {
            initAt(b, R + 100_000);
            assertThat(b.expectCadence()).as("bob: no friend known").isEqualTo(LONGEST);
            initAt(a, 0);
            assertThat(a.expectCadence()).as("alice: bob 100 km beyond the radius").isEqualTo(LONGEST);

            moveTo(b, R + 9_500); // could enter in 9.5 s: both must send within 11.5 s
            assertThat(b.expectCadence()).as("bob's own update").isEqualTo(10);
            assertThat(a.expectCadence()).as("alice, told at once on bob's update from the other server").isEqualTo(10);

            moveTo(b, R - 1_000);
            a.expectFriendLocation(bob);
            assertThat(a.expectCadence()).as("bob within the radius").isEqualTo(P);
            assertThat(b.expectCadence()).isEqualTo(P);

            moveTo(b, R + 100_000);
            a.expectFriendGone(bob, "out_of_range");
            assertThat(b.expectCadence()).as("bob's own update: alice is far now").isEqualTo(LONGEST);
            a.processed();
            assertThat(a.cadencesSoFar()).as("a friend's move never lengthens alice's").isEmpty();
            moveTo(a, 10);
            assertThat(a.expectCadence()).as("alice's own update does").isEqualTo(LONGEST);
        }
    }

    @Test
    void aFriendWhoHidesFromTheUserNeverShortensTheUsersCadence() {
        String alice = Cluster.id("alice");
        String carol = Cluster.id("carol");
        String watcher = Cluster.id("watcher");
        cluster.user(alice);
        cluster.user(carol);
        cluster.user(watcher);
        cluster.befriend(alice, carol);
        cluster.befriend(watcher, carol);
        cluster.rest(carol, 1).ok("PUT", "/api/friends/" + alice + "/visibility", "{\"visible\":false}");
        try (WsClient a = cluster.connect(alice, 0); WsClient w = cluster.connect(watcher, 0); WsClient c = cluster.connect(carol, 1)) {
            initAt(a, 0);
            assertThat(a.expectCadence()).isEqualTo(LONGEST);
            initAt(w, 500);
            w.expectCadence();
            initAt(c, 200);
            assertThat(c.expectCadence()).as("carol sees alice next door").isEqualTo(P);
            w.expectFriendLocation(carol);
            for (int i = 1; i <= 3; i++) {
                moveTo(c, 200 + i * 10);
                // alice's server got carol's update: one Redis message for the server, handed to both sessions
                w.expectFriendLocation(carol);
                a.processed();
                assertThat(a.cadencesSoFar()).as("carol hides from alice: nothing tells alice she is near").isEmpty();
            }
            moveTo(a, 5);
            a.processed();
            assertThat(a.cadencesSoFar()).as("alice's own update: still the longest, not told again").isEmpty();

            cluster.rest(carol, 1).ok("PUT", "/api/friends/" + alice + "/visibility", "{\"visible\":true}");
            a.expectFriendLocation(carol);
            assertThat(a.expectCadence()).as("shown again: near, the normal period at once").isEqualTo(P);
        }
    }

    @Test
    void sharingOffAndBeingDiscoverableCallForTheNormalPeriodAtOnce() {
        String dave = Cluster.id("dave");
        cluster.user(dave);
        try (WsClient d = cluster.connect(dave, 1)) {
            initAt(d, 0);
            assertThat(d.expectCadence()).isEqualTo(LONGEST);
            cluster.rest(dave, 0).sharing(false);
            assertThat(d.expect("nearby").path("sharing").asBoolean(true)).isFalse();
            assertThat(d.expectCadence()).as("not sharing: a pause must end with the next update").isEqualTo(P);
            cluster.rest(dave, 0).sharing(true);
            d.expect("nearby");
            moveTo(d, 10);
            assertThat(d.expectCadence()).isEqualTo(LONGEST);

            cluster.rest(dave, 0).discoverable(true);
            assertThat(d.expectCadence()).as("discoverable: strangers cannot be reasoned about").isEqualTo(P);
            d.send("{\"type\":\"random\",\"enabled\":true}");
            moveTo(d, 20);
            d.processed();
            assertThat(d.cadencesSoFar()).as("stays at the normal period").isEmpty();
        }
    }

    /**
     * Both phones honour the cadence. Bob drives straight at alice, who stands still, at 500 m/s (half the closing
     * speed), from 10 km beyond the radius: he truly enters it 20 s later. Alice must be told within one normal
     * period of that (plus the stack's latency), and bob must have sent far fewer updates than the 10 of a phone
     * sending every P.
     */
    @Test
    void aFriendDrivingInIsSeenWithinOnePeriodWithFewerUpdates() throws InterruptedException {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        double speed = V / 2;
        double start = R + 10_000;
        try (WsClient a = cluster.connect(alice, 0); WsClient b = cluster.connect(bob, 1)) {
            initAt(a, 0);
            long aliceNext = System.nanoTime() + a.expectCadence() * 1_000_000_000L;
            long t0 = System.nanoTime();
            initAt(b, start);
            long bobNext = t0 + b.expectCadence() * 1_000_000_000L;
            long entryNanos = t0 + (long) ((start - R) / speed * 1e9);
            List<Long> bobSent = new ArrayList<>();
            long toldNanos = 0;
            while (toldNanos == 0) {
                long now = System.nanoTime();
                assertThat(now - entryNanos).as("alice not told 10 s after bob entered").isLessThan(10_000_000_000L);
                for (int n : a.cadencesSoFar()) {
                    aliceNext = now + n * 1_000_000_000L;
                }
                for (int n : b.cadencesSoFar()) {
                    bobNext = now + n * 1_000_000_000L;
                }
                if (now >= aliceNext) {
                    moveTo(a, 0);
                    aliceNext = now + P * 1_000_000_000L; // until told otherwise: a client keeps its last interval
                }
                if (now >= bobNext) {
                    moveTo(b, Math.max(0, start - speed * (now - t0) / 1e9));
                    bobSent.add(now);
                    bobNext = now + P * 1_000_000_000L;
                }
                for (JsonNode m : a.drain(m -> m.path("type").asText().equals("friend_location"))) {
                    if (m.path("id").asText().equals(bob)) {
                        toldNanos = now;
                    }
                }
                Thread.sleep(20);
            }
            double delay = (toldNanos - entryNanos) / 1e9;
            long beforeEntry = bobSent.stream().filter(t -> t < entryNanos).count();
            System.out.printf("CadenceIT: bob entered the radius %.1f s after init, alice told %.2f s later; bob sent "
                    + "%d updates before entering (%d at the normal period)%n", (entryNanos - t0) / 1e9, delay,
                    beforeEntry, (entryNanos - t0) / 1_000_000_000L / P);
            assertThat(delay).as("told within one normal period of the true entry (+ 1 s for the stack)")
                    .isLessThanOrEqualTo(P + 1.0);
            assertThat(beforeEntry).as("fewer updates than every P (10)").isLessThanOrEqualTo(7);
        }
    }

    /**
     * Alice wants alerts at 500 m; bob does not. Whoever of the two moves within 600 m (1.2 × 500 m) of the other is
     * asked for the alert interval by their own server; the one who stands is not; stopping gives the normal period.
     */
    @Test
    void theMovingOneOfTwoFriendsWithinTheAlertZoneIsAskedForTheAlertInterval() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        cluster.rest(alice, 1).ok("PUT", "/api/users/me/alerts", "{\"meters\":500}");
        try (WsClient a = cluster.connect(alice, 0); WsClient b = cluster.connect(bob, 1)) {
            initAt(a, 0);
            assertThat(a.expectCadence()).isEqualTo(LONGEST);
            initAt(b, 3_000);
            assertThat(b.expectCadence()).as("bob sees alice 3 km away").isEqualTo(P);
            a.expectFriendLocation(bob);
            assertThat(a.expectCadence()).isEqualTo(P);

            moveTo(b, 450);
            assertThat(b.expectCadence()).as("bob, moving, within 600 m of alice, who wants alerts").isEqualTo(ALERT);
            a.expectFriendLocation(bob);
            a.expect("friend_nearby");
            a.processed();
            assertThat(a.cadencesSoFar()).as("alice stands: her updates would carry nothing new").isEmpty();
            moveTo(b, 450);
            assertThat(b.expectCadence()).as("bob stopped: the normal period").isEqualTo(P);
            a.expectFriendLocation(bob);

            moveTo(a, 30);
            assertThat(a.expectCadence()).as("alice moves within the zone: the alert interval").isEqualTo(ALERT);
            b.expectFriendLocation(alice);
            moveTo(a, -900); // 1.35 km from bob: still within the radius, beyond the zone
            assertThat(a.expectCadence()).as("beyond the zone: the normal period").isEqualTo(P);
        }
    }

    /**
     * Carol sets an alert distance while dave, on the other server, is connected and walking 300 m from her: his
     * session learns her new distance (her user channel carries it) and asks him for the alert interval.
     */
    @Test
    void aFriendsNewAlertDistanceReachesTheSessionsOfTheirFriendsOnTheOtherServer() throws InterruptedException {
        String carol = Cluster.id("carol");
        String dave = Cluster.id("dave");
        cluster.user(carol);
        cluster.user(dave);
        cluster.befriend(carol, dave);
        try (WsClient c = cluster.connect(carol, 0); WsClient d = cluster.connect(dave, 1)) {
            initAt(c, 0);
            c.expectCadence();
            initAt(d, 300);
            assertThat(d.expectCadence()).isEqualTo(P);
            moveTo(d, 320);
            d.processed();
            assertThat(d.cadencesSoFar()).as("no alert distance on either side").isEmpty();

            cluster.rest(carol, 0).ok("PUT", "/api/users/me/alerts", "{\"meters\":500}");
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<Integer> told = new ArrayList<>();
            for (int i = 0; told.isEmpty() && System.nanoTime() < deadline; i++) {
                moveTo(d, i % 2 == 0 ? 300 : 320); // walking to and fro: moving
                d.processed();
                told.addAll(d.cadencesSoFar());
                Thread.sleep(100);
            }
            assertThat(told).as("dave's session knows carol's 500 m now").containsExactly(ALERT);
        }
    }
}
