package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.testkit.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The core scenarios that depend on the location cache, with the cache on the test kit's Redis Cluster (3 masters +
 * 3 replicas; the Pub/Sub on the fixture's redis-server): {@code init} answers with friends' cached positions read from
 * every shard, each friend with their own position (nobody else's); an inactive user's entry expires by its TTL and
 * an {@code init} after it shows nobody; the health check and the metrics report the cluster; the Grafana dashboard
 * shows only metrics the server exports. The golden and the cross-server scenarios (friend_location, friendships,
 * friend_gone) run on the cluster in {@code GoldenScenarioIT$CacheOnRedisCluster} and
 * {@code TwoServersIT$CacheOnRedisCluster}.
 */
class ClusterCacheIT {
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
    private static final Duration INACTIVE = Duration.ofSeconds(8);
    private static Cluster cluster;
    private static JedisCluster cache;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder().cacheCluster().env("NEARBY_INACTIVE_SECONDS", Long.toString(INACTIVE.toSeconds()))
                .start();
        cache = new JedisCluster(cluster.cacheCluster().nodes().stream()
                .map(n -> new HostAndPort("127.0.0.1", n.port())).collect(Collectors.toSet()));
    }

    @AfterAll
    static void stop() {
        cache.close();
        cluster.close();
    }

    private static GeoPoint east(double meters) {
        return GreatCircle.destination(HOME, 90, meters);
    }

    @Test
    void initShowsEveryFriendsCachedPositionFromEveryShardAndNobodyElses() {
        String hub = Cluster.id("hub");
        cluster.user(hub);
        List<String> friends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String f = Cluster.id("f" + i);
            cluster.user(f);
            cluster.befriend(hub, f);
            friends.add(f);
        }
        String stranger = Cluster.id("stranger");
        cluster.user(stranger);
        Set<RedisServer> shards = new HashSet<>();
        friends.forEach(f -> shards.add(cluster.cacheCluster().masterOf("loc:" + f)));
        assertThat(shards).as("30 friends' entries are on every shard").hasSize(3);

        // each friend shares a position of their own (friend i at 100 m × (i + 1) east), then goes away: what hub
        // sees comes from the cache only
        for (int i = 0; i < friends.size(); i++) {
            try (WsClient c = cluster.connect(friends.get(i))) {
                GeoPoint p = east(100.0 * (i + 1));
                c.init(p.lat(), p.lon());
                c.expect("nearby");
            }
        }
        try (WsClient s = cluster.connect(stranger)) {
            GeoPoint p = east(50);
            s.init(p.lat(), p.lon());
            s.expect("nearby");
        }
        Awaitility.await("every friend's entry is in the cluster").atMost(Duration.ofSeconds(5))
                .until(() -> friends.stream().allMatch(f -> cache.exists("loc:" + f)));

        try (WsClient h = cluster.connect(hub)) {
            h.init(HOME.lat(), HOME.lon());
            JsonNode first = h.expect("nearby");
            assertThat(first.path("total").asInt()).as(first.toString()).isEqualTo(30);
            Map<String, Double> seen = new HashMap<>();
            first.path("friends").forEach(f -> seen.put(f.path("id").asText(), f.path("distanceMeters").asDouble()));
            h.send("{\"type\":\"nearby\",\"page\":1}");
            h.expect("nearby").path("friends").forEach(f -> seen.put(f.path("id").asText(), f.path("distanceMeters").asDouble()));
            assertThat(seen.keySet()).as("every friend, and the stranger 50 m away is not one").containsExactlyInAnyOrderElementsOf(friends);
            for (int i = 0; i < friends.size(); i++) {
                assertThat(seen.get(friends.get(i))).as("friend %d's own position", i).isCloseTo(100.0 * (i + 1), within(1.0));
            }
        }
    }

    @Test
    void anInactiveUsersEntryExpiresByItsTtlAndAnInitAfterThatShowsNobody() {
        String hub = Cluster.id("quiet-hub");
        String friend = Cluster.id("quiet");
        cluster.user(hub);
        cluster.user(friend);
        cluster.befriend(hub, friend);
        long lastUpdate;
        try (WsClient f = cluster.connect(friend)) {
            GeoPoint p = east(300);
            f.init(p.lat(), p.lon());
            f.expect("nearby");
            lastUpdate = System.nanoTime();
        }
        String key = "loc:" + friend;
        Awaitility.await("the entry is written").atMost(Duration.ofSeconds(5)).until(() -> cache.exists(key));
        assertThat(cache.ttl(key)).as("TTL = NEARBY_INACTIVE_SECONDS").isBetween(1L, INACTIVE.toSeconds());
        try (WsClient h = cluster.connect(hub)) {
            h.init(HOME.lat(), HOME.lon());
            assertThat(h.expect("nearby").path("total").asInt()).as("active: shown").isEqualTo(1);
        }
        Awaitility.await("the entry expires").atMost(INACTIVE.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !cache.exists(key));
        assertThat(Duration.ofNanos(System.nanoTime() - lastUpdate)).as("not before its TTL")
                .isGreaterThanOrEqualTo(INACTIVE.minusSeconds(1));
        try (WsClient h = cluster.connect(hub)) {
            h.init(HOME.lat(), HOME.lon());
            assertThat(h.expect("nearby").path("total").asInt()).as("inactive: gone").isZero();
        }
    }

    @Test
    void healthAndMetricsReportTheCluster() {
        Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
        assertThat(details.status()).as(details.body()).isEqualTo(200);
        String cacheCheck = details.json().path("checks").path("location-cache").toString();
        assertThat(cacheCheck).contains("\"UP\"", "cluster_state:ok", "slots ok 16384", "3 masters",
                cluster.cacheCluster().masters().getFirst().url());
        Rest.Response metrics = new Rest("http://localhost:" + cluster.server(0).port(), null).call("GET", "/metrics", null);
        assertThat(metrics.body()).contains("nearby_cache_shards 3.0", "nearby_cache_shards_down 0.0",
                "nearby_cache_failures_total 0.0", "nearby_cache_read_failures_total", "nearby_cache_slot_map_changes_total");
    }

    /**
     * The Grafana dashboard (k8s/grafana/nearby-dashboard.json) shows only metrics that this server, configured as in
     * k8s/ (the cache on a Redis Cluster, the ring's Pub/Sub elsewhere), really exports: each panel's metric names are
     * looked for as samples of {@code /metrics} after one friend's update reached another (so the delivery and
     * latency series exist).
     */
    @Test
    void everyMetricOfTheGrafanaDashboardIsInTheServersMetrics() {
        String a = Cluster.id("dash-a");
        String b = Cluster.id("dash-b");
        cluster.user(a);
        cluster.user(b);
        cluster.befriend(a, b);
        try (WsClient wa = cluster.connect(a); WsClient wb = cluster.connect(b)) {
            wa.init(HOME.lat(), HOME.lon());
            wa.expect("nearby");
            GeoPoint p = east(200);
            wb.init(p.lat(), p.lon());
            wb.expect("nearby");
            wa.expectFriendLocation(b);
        }
        String metrics = new Rest("http://localhost:" + cluster.server(0).port(), null).call("GET", "/metrics", null).body();
        Set<String> samples = metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        GrafanaDashboard dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
        assertThat(dashboard.panels()).isNotEmpty();
        for (GrafanaDashboard.Panel panel : dashboard.panels()) {
            assertThat(panel.metrics()).as("metrics of panel \"%s\"", panel.title()).isNotEmpty()
                    .allSatisfy(m -> assertThat(samples).as("panel \"%s\": %s in /metrics", panel.title(), m).contains(m));
        }
        // what the resize procedure watches (docs/operations.md "Watching the fleet") is all on the dashboard
        Set<String> shown = dashboard.panels().stream().flatMap(pn -> pn.metrics().stream()).collect(Collectors.toSet());
        assertThat(shown).contains("process_cpu_usage", "nearby_location_updates_total", "nearby_fanout_deliveries_total",
                "nearby_fanout_latency_seconds_bucket", "nearby_ring_moves_total", "nearby_pubsub_queue");
    }
}
