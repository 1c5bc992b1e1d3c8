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
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Proximity alerts ({@code PUT /api/users/me/alerts {"meters":n}}) on two servers: a friend who comes within the
 * distance is announced once with {@code friend_nearby}, and again only after having been farther than 1.2 times the
 * distance — a friend walking along the boundary triggers one alert per real crossing, never one per move.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProximityAlertIT {
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
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
        return GreatCircle.destination(HOME, 0, meters);
    }

    /** Everything {@code c} receives until the friend_location of {@code id} at about {@code meters}. */
    private static List<JsonNode> until(WsClient c, String id, double meters) {
        List<JsonNode> got = new ArrayList<>();
        while (true) {
            JsonNode m = c.next();
            got.add(m);
            if (m.path("type").asText().equals("friend_location") && m.path("id").asText().equals(id)
                    && Math.abs(m.path("distanceMeters").asDouble() - meters) < 2) {
                return got;
            }
        }
    }

    @Test
    void aFriendWalkingAlongTheBoundaryTriggersOneAlertPerRealCrossing() {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        JsonNode me = cluster.rest(alice, 1).ok("PUT", "/api/users/me/alerts", "{\"meters\":500}").json();
        assertThat(me.path("alertMeters").asInt()).isEqualTo(500);
        try (WsClient a = cluster.connect(alice, 0); WsClient b = cluster.connect(bob, 1)) {
            a.init(HOME.lat(), HOME.lon());
            a.expect("nearby");
            GeoPoint start = north(2_000);
            b.init(start.lat(), start.lon());
            b.expect("nearby");
            a.expectFriendLocation(bob);
            // in at 499 after 520; wiggles within 600 m; out at 610; in at 480; out at 700; in at 497; out; in at 300
            double[] walk = {520, 499, 510, 495, 530, 560, 599, 540, 498, 610, 590, 505, 480, 470, 520, 700, 510, 497,
                    650, 900, 300, 250};
            List<Double> alertedAt = new ArrayList<>();
            for (double meters : walk) {
                GeoPoint p = north(meters);
                b.location(p.lat(), p.lon());
            }
            for (JsonNode m : until(a, bob, 250)) { // an alert follows its own friend_location: wait for the next one
                if (m.path("type").asText().equals("friend_nearby")) {
                    assertThat(m.path("id").asText()).isEqualTo(bob);
                    assertThat(m.path("name").asText()).isNotBlank();
                    assertThat(m.path("ts").asLong()).isPositive();
                    alertedAt.add(m.path("distanceMeters").asDouble());
                }
            }
            System.out.println("ProximityAlertIT alerts at " + alertedAt + " m over " + walk.length + " moves");
            assertThat(alertedAt).as("22 moves, 4 real crossings").hasSize(4);
            assertThat(alertedAt.get(0)).isCloseTo(499, within(2.0));
            assertThat(alertedAt.get(1)).isCloseTo(480, within(2.0));
            assertThat(alertedAt.get(2)).isCloseTo(497, within(2.0));
            assertThat(alertedAt.get(3)).isCloseTo(300, within(2.0));
        }
    }

    /** Carol walks 1 km away from dave's side and back to 200 m of him (a real crossing); the alerts she got. */
    private static int crossAndCountAlerts(WsClient c) {
        GeoPoint away = north(0);
        c.location(away.lat(), away.lon());
        GeoPoint close = north(800);
        c.location(close.lat(), close.lon());
        c.send("{\"type\":\"ping\"}");
        int alerts = 0;
        for (JsonNode m = c.next(); !m.path("type").asText().equals("pong"); m = c.next()) {
            assertThat(m.path("type").asText()).as("carol got " + m).isEqualTo("friend_nearby");
            alerts++;
        }
        return alerts;
    }

    @Test
    void theAlertDistanceChangesLiveAndTheUsersOwnMovesCountToo() {
        String carol = Cluster.id("carol");
        String dave = Cluster.id("dave");
        cluster.user(carol);
        cluster.user(dave);
        cluster.befriend(carol, dave);
        try (WsClient c = cluster.connect(carol, 0); WsClient d = cluster.connect(dave, 1)) {
            c.init(HOME.lat(), HOME.lon());
            c.expect("nearby");
            GeoPoint far = north(1_000);
            d.init(far.lat(), far.lon());
            d.expect("nearby");
            c.expectFriendLocation(dave);
            assertThat(crossAndCountAlerts(c)).as("no alerts before they are set").isZero();
            // set on the other server: carol's session hears it on her control channel; dave never moves, the alerts
            // come from carol's own moves
            cluster.rest(carol, 1).ok("PUT", "/api/users/me/alerts", "{\"meters\":300}");
            org.awaitility.Awaitility.await("carol is alerted as she comes within 300 m of dave")
                    .atMost(Duration.ofSeconds(5)).until(() -> crossAndCountAlerts(c) > 0);
            for (int i = 0; i < 3; i++) {
                assertThat(crossAndCountAlerts(c)).as("one alert per crossing").isEqualTo(1);
            }
            cluster.rest(carol, 0).ok("PUT", "/api/users/me/alerts", "{\"meters\":0}");
            org.awaitility.Awaitility.await("alerts turned off").atMost(Duration.ofSeconds(5))
                    .until(() -> crossAndCountAlerts(c) == 0);
            assertThat(crossAndCountAlerts(c)).isZero();
        }
    }
}
