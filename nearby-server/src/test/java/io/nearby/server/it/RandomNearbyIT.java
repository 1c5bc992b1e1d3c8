package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.CellTiers;
import io.nearby.geo.Coarsening;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Random nearby users (strangers) on geohash-cell channels: only discoverable users within the radius arrive,
 * always coarsened; subscriptions follow the receiver across cells and the 180° meridian; discoverable off and
 * random off stop the flow.
 */
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnFailure.class)
class RandomNearbyIT {
    private static final Radius FIVE_MILES = Radius.ofMiles(5);
    private static final Duration QUIET = Duration.ofMillis(500);

    private static GeoPoint from(GeoPoint p, double bearing, double meters) {
        return GreatCircle.destination(p, bearing, meters);
    }

    private static void init(WsClient c, GeoPoint p) {
        c.init(p.lat(), p.lon());
        c.expect("nearby");
    }

    /** A discoverable user with sharing on, connected and initialised (waits for the pong: its publish is done). */
    private static WsClient discoverable(Cluster cluster, String id, GeoPoint at) {
        cluster.user(id).discoverable(true);
        WsClient c = cluster.connect(id);
        init(c, at);
        c.assertAlive();
        return c;
    }

    private static void randomOn(WsClient c) {
        c.send("{\"type\":\"random\",\"enabled\":true}");
        c.assertAlive();
    }

    /** Shown positions are grid centres (to the 7 decimals of the wire format), never the true position. */
    private static void assertCoarse(JsonNode m, GeoPoint truePosition) {
        GeoPoint shown = new GeoPoint(m.path("lat").asDouble(), m.path("lon").asDouble());
        GeoPoint centre = Coarsening.snapToGrid(truePosition);
        assertThat(shown.lat()).as("snapped lat: " + m).isCloseTo(centre.lat(), within(1e-6));
        assertThat(shown.lon()).as("snapped lon: " + m).isCloseTo(centre.lon(), within(1e-6));
        assertThat(Coarsening.snapToGrid(shown).lat()).as("a grid centre").isCloseTo(centre.lat(), within(1e-6));
        assertThat(GreatCircle.meters(shown, truePosition)).as("not the true position").isGreaterThan(1);
        assertThat(m.path("distanceMeters").asLong() % 500).isZero();
        assertThat(m.path("distanceMeters").asLong()).isGreaterThanOrEqualTo(500);
    }

    private static Set<String> strangerIds(List<JsonNode> received) {
        return received.stream().filter(m -> m.path("type").asText().equals("stranger_location"))
                .map(m -> m.path("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void exactlyTheDiscoverableStrangersWithinTheRadiusArriveCoarsened() {
        GeoPoint home = new GeoPoint(48.8566, 2.3522);
        try (Cluster cluster = Cluster.builder().start()) {
            String r = Cluster.id("rita");
            String friend = Cluster.id("fred");
            List<WsClient> all = new ArrayList<>();
            try (WsClient rita = discoverable(cluster, r, home)) {
                cluster.user(friend).discoverable(true);
                cluster.befriend(r, friend);
                randomOn(rita);
                record Placed(String id, GeoPoint at) {
                }
                List<Placed> shown = List.of(new Placed(Cluster.id("s1"), from(home, 30, 1_000)),
                        new Placed(Cluster.id("s2"), from(home, 150, 3_500)), new Placed(Cluster.id("s3"), from(home, 270, 6_000)));
                for (Placed p : shown) {
                    all.add(discoverable(cluster, p.id(), p.at()));
                }
                all.add(discoverable(cluster, Cluster.id("far"), from(home, 90, 25_000)));
                String quiet = Cluster.id("nora");
                cluster.user(quiet);                                  // sharing on, not discoverable
                WsClient nora = cluster.connect(quiet);
                init(nora, from(home, 0, 300));
                all.add(nora);
                WsClient fred = cluster.connect(friend);
                init(fred, from(home, 200, 2_000));
                all.add(fred);

                // everyone has published (each waited for its pong): wait for every shown stranger, then give the rest
                // of the fan-out QUIET more to bring anything it should not, and look at all that arrived
                Set<String> shownIds = shown.stream().map(Placed::id).collect(Collectors.toSet());
                List<JsonNode> received = new CopyOnWriteArrayList<>();
                org.awaitility.Awaitility.await("every shown stranger arrives").atMost(Duration.ofSeconds(5))
                        .until(() -> {
                            received.addAll(rita.drain(m -> true));
                            return strangerIds(received).containsAll(shownIds);
                        });
                org.awaitility.Awaitility.await("nothing but strangers and the friend (as a friend) arrives")
                        .during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> {
                            received.addAll(rita.drain(m -> true));
                            assertThat(received).as("only strangers and the friend (as a friend)").allSatisfy(m -> assertThat(
                                    m.path("type").asText().equals("stranger_location")
                                            || m.path("type").asText().equals("friend_location")
                                            && m.path("id").asText().equals(friend)).isTrue());
                        });
                List<JsonNode> strangers = received.stream().filter(m -> m.path("type").asText().equals("stranger_location")).toList();
                assertThat(strangers.stream().map(m -> m.path("id").asText()).collect(Collectors.toSet()))
                        .containsExactlyInAnyOrderElementsOf(shown.stream().map(Placed::id).toList());
                for (JsonNode m : strangers) {
                    Placed p = shown.stream().filter(x -> x.id().equals(m.path("id").asText())).findFirst().orElseThrow();
                    assertCoarse(m, p.at());
                    assertThat(m.path("name").asText()).isNotBlank();
                    assertThat(Math.abs(m.path("distanceMeters").asDouble() - GreatCircle.meters(home, p.at()))).isLessThan(1_300);
                }
            } finally {
                all.forEach(WsClient::close);
            }
        }
    }

    @Test
    void aWalkerAcrossCellsAndTheMeridianKeepsReceivingAndItsSubscriptionsMove() {
        CellTiers tiers = new CellTiers(FIVE_MILES);
        try (Cluster cluster = Cluster.builder().start(); Jedis redis = new Jedis(java.net.URI.create(cluster.redis().url()))) {
            GeoPoint start = new GeoPoint(-16.5, 179.94);     // Fiji, a few km west of the 180° meridian
            String w = Cluster.id("walker");
            String s = Cluster.id("buddy");
            try (WsClient walker = discoverable(cluster, w, start); WsClient buddy = discoverable(cluster, s, from(start, 0, 1_000))) {
                randomOn(walker);
                // the pong says the session applied the move; its node's writer thread sends SUBSCRIBE and UNSUBSCRIBE
                // on another connection afterwards, which PUBSUB CHANNELS on ours may see a moment later
                awaitCellChannels(redis, channels(tiers.receiveCells(start)), "start");
                Set<String> seenCells = new HashSet<>(cellChannels(redis));
                String lastReading = "";
                int readings = 0;
                for (int step = 0; step <= 24; step++) {                  // 12 km east, across 180°
                    GeoPoint me = from(start, 90, step * 500.0);
                    GeoPoint him = from(me, 0, 1_000);
                    walker.location(me.lat(), me.lon());
                    walker.assertAlive();                                 // our move (and subscription move) is applied
                    awaitCellChannels(redis, channels(tiers.receiveCells(me)), "step " + step);
                    seenCells.addAll(cellChannels(redis));
                    buddy.location(him.lat(), him.lon());
                    buddy.assertAlive();
                    GeoPoint snapped = Coarsening.snapToGrid(him);
                    String reading = snapped.lat() + "," + snapped.lon() + "," + Coarsening.coarseDistance(me, him);
                    if (!reading.equals(lastReading)) {
                        JsonNode m = walker.expect("stranger_location");
                        assertThat(m.path("id").asText()).isEqualTo(s);
                        assertCoarse(m, him);
                        assertThat(m.path("distanceMeters").asLong()).isEqualTo(Coarsening.coarseDistance(me, him));
                        lastReading = reading;
                        readings++;
                    }
                    walker.expectNothing(Duration.ofMillis(50));
                }
                assertThat(from(start, 90, 12_000).lon()).as("the walk crossed the meridian").isNegative();
                assertThat(seenCells.size()).as("subscriptions moved").isGreaterThan(9);
                assertThat(readings).isGreaterThan(3);
            }
            org.awaitility.Awaitility.await("closing the connection leaves every cell").atMost(Duration.ofSeconds(5))
                    .until(() -> cellChannels(redis).isEmpty());
        }
    }

    @Test
    void discoverableOffAndRandomOffStopTheFlow() {
        GeoPoint home = new GeoPoint(35.6762, 139.6503);
        try (Cluster cluster = Cluster.builder().start()) {
            String r = Cluster.id("rika");
            String s = Cluster.id("sora");
            String t = Cluster.id("taro");
            try (WsClient rika = discoverable(cluster, r, home); WsClient sora = discoverable(cluster, s, from(home, 10, 900));
                 WsClient taro = discoverable(cluster, t, from(home, 200, 1_500))) {
                randomOn(rika);
                sora.location(from(home, 10, 950).lat(), from(home, 10, 950).lon());
                assertThat(rika.expect("stranger_location").path("id").asText()).isEqualTo(s);
                taro.location(from(home, 200, 1_600).lat(), from(home, 200, 1_600).lon());
                assertThat(rika.expect("stranger_location").path("id").asText()).isEqualTo(t);

                long before = System.nanoTime();
                cluster.rest(s).discoverable(false);
                JsonNode gone = rika.expect("stranger_gone");
                assertThat(gone.path("id").asText()).isEqualTo(s);
                assertThat(gone.path("reason").asText()).isEqualTo("sharing_off");
                assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
                // sora's move is handled (had it been published, it would be queued before taro's); taro's move then
                // changes his reading and goes the same way: the next thing rika hears must be taro, not sora
                sora.location(from(home, 10, 2_500).lat(), from(home, 10, 2_500).lon());
                sora.assertAlive();
                taro.location(from(home, 200, 2_400).lat(), from(home, 200, 2_400).lon());
                assertThat(rika.expect("stranger_location").path("id").asText()).as("sora is not shown any more")
                        .isEqualTo(t);
                rika.expectNothing(QUIET);

                rika.send("{\"type\":\"random\",\"enabled\":false}");
                rika.assertAlive();
                taro.location(from(home, 200, 3_000).lat(), from(home, 200, 3_000).lon());
                taro.assertAlive();                                   // handled: only the way to rika is left
                rika.expectNothing(QUIET);
            }
        }
    }

    /** The stranger has no live connection any more; the REST change alone reaches the watchers (via the cache). */
    @Test
    void discoverableOffWithoutALiveConnectionStillReachesTheWatchers() {
        GeoPoint home = new GeoPoint(-33.8688, 151.2093);
        try (Cluster cluster = Cluster.builder().start()) {
            String r = Cluster.id("ruby");
            String s = Cluster.id("sid");
            try (WsClient ruby = discoverable(cluster, r, home)) {
                randomOn(ruby);
                try (WsClient sid = discoverable(cluster, s, from(home, 45, 2_000))) {
                    assertThat(ruby.expect("stranger_location").path("id").asText()).isEqualTo(s);
                }
                cluster.rest(s).discoverable(false);
                JsonNode gone = ruby.expect("stranger_gone");
                assertThat(gone.path("id").asText() + "/" + gone.path("reason").asText()).isEqualTo(s + "/sharing_off");
            }
        }
    }

    private static void awaitCellChannels(Jedis redis, Set<String> expected, String when) {
        org.awaitility.Awaitility.await("cell channels at " + when).atMost(Duration.ofSeconds(5))
                .pollInSameThread().pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(cellChannels(redis)).as(when).isEqualTo(expected));
    }

    private static Set<String> cellChannels(Jedis redis) {
        return new HashSet<>(redis.pubsubChannels("g:*"));
    }

    private static Set<String> channels(Set<String> cells) {
        return cells.stream().map(c -> "g:" + c).collect(Collectors.toSet());
    }
}
