package io.nearby.server.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.friends.DbSettings;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.server.fanout.Channels;
import io.nearby.server.location.CachedLocation;
import io.nearby.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's "user with many friends": one user with 5,000 friends on two real servers over a static Pub/Sub ring of
 * three real redis-servers. Measured and printed: the time from {@code init} to page 0, how the 5,000 friend channels
 * spread over the ring's nodes, the Redis subscriber connections of each server on each node, and the size of one
 * update on the ring and at a client (the inputs of docs/capacity.md's "one heavy user's update").
 *
 * <p>Setup cost is kept out of the test's time: the users and their friendship rows (5,000 friends of the measured
 * user, and the same 5,000 of a second user whose init warms the server's code path first, as any server that has run
 * for a while is warm) go into the user DB in two JDBC batches (the same rows {@code POST /api/friends/{id}} writes,
 * without 20,000 rate-limited requests), and the
 * 4,800 friends who are not connected get a cached location by one pipelined run of {@code SET loc:<id> EX} (what
 * their last update would have left). 200 of the friends are connected (100 per server): a realistic share online
 * without 5,000 client sockets.
 */
class HeavyUserIT {
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
    private static final int FRIENDS = 5_000;
    private static final int CONNECTED = 200;
    private static final int SERVERS = 2;
    private static final int RING_NODES = 3;
    /** The bound for a heavy user's init (page 0); the measured time is printed. */
    private static final Duration INIT_BOUND = Duration.ofSeconds(1);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);

    @Test
    void aUserWith5000FriendsGetsPage0WithinASecondAndReachesEveryConnectedFriend() throws Exception {
        List<RedisServer> ring = new ArrayList<>();
        for (int i = 0; i < RING_NODES; i++) {
            ring.add(RedisServer.start());
        }
        String dbUrl = "jdbc:h2:mem:heavy-" + UUID.randomUUID();
        List<WsClient> friendsOnline = new ArrayList<>();
        try (Cluster cluster = Cluster.builder().servers(SERVERS)
                .env("NEARBY_PUBSUB_NODES", String.join(",", ring.stream().map(RedisServer::url).toList()))
                .env("NEARBY_DB_URL", dbUrl)
                .start();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String heavy = Cluster.id("heavy");
            List<String> friends = new ArrayList<>(FRIENDS);
            for (int i = 0; i < FRIENDS; i++) {
                friends.add(heavy + "-f" + i);
            }
            // a second user with the same 5,000 friends warms the server's init path (JIT) before the measured init
            String warmup = heavy + "-warmup";
            long setupStart = System.nanoTime();
            insertUsersAndFriendships(dbUrl, List.of(heavy, warmup), friends);
            cacheOfflineFriends(cluster, friends.subList(CONNECTED, FRIENDS));
            System.out.printf("HeavyUserIT: %d users, %d friendship rows and %d cached locations set up in %d ms%n",
                    FRIENDS + 2, 4 * FRIENDS, FRIENDS - CONNECTED, Duration.ofNanos(System.nanoTime() - setupStart).toMillis());

            // 200 friends online, half on each server, all within the radius of the heavy user
            List<Callable<WsClient>> connects = new ArrayList<>();
            for (int i = 0; i < CONNECTED; i++) {
                int n = i;
                connects.add(() -> {
                    WsClient c = cluster.connect(friends.get(n), n % SERVERS);
                    GeoPoint p = near(n);
                    c.init(p.lat(), p.lon());
                    c.expect("nearby");
                    return c;
                });
            }
            for (Future<WsClient> f : pool.invokeAll(connects)) {
                friendsOnline.add(f.get());
            }

            try (WsClient warm = cluster.connect(warmup, 0)) {
                long sent = System.nanoTime();
                warm.init(HOME.lat(), HOME.lon());
                warm.expect("nearby", Duration.ofSeconds(30));
                System.out.printf("HeavyUserIT: warm-up: the first init of a %d-friend user on a fresh server took %d ms%n",
                        FRIENDS, Duration.ofNanos(System.nanoTime() - sent).toMillis());
            }

            // a raw subscriber on the node owning u:<heavy>: the update's size on the ring
            String heavyChannel = Channels.user(heavy);
            RingTap tap = RingTap.on(ownerOf(ring, heavyChannel), heavyChannel);
            try (WsClient hub = cluster.connect(heavy, 0)) {
                long initTs = System.currentTimeMillis();
                long sent = System.nanoTime();
                hub.send("{\"type\":\"init\",\"lat\":" + HOME.lat() + ",\"lon\":" + HOME.lon() + ",\"ts\":" + initTs + "}");
                JsonNode page0 = hub.expect("nearby", Duration.ofSeconds(10));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                System.out.printf("HeavyUserIT: init of a user with %d friends (all %d with a cached location, 200 connected)"
                        + " → page 0 in %d ms (bound %d ms)%n", FRIENDS, FRIENDS, took.toMillis(), INIT_BOUND.toMillis());
                assertThat(page0.path("friends").size()).as("page 0 is a full page").isEqualTo(20);
                assertThat(page0.path("total").asInt()).as("every friend is active and within the radius").isEqualTo(FRIENDS);
                double last = -1;
                for (JsonNode f : page0.path("friends")) {
                    assertThat(f.path("distanceMeters").asDouble()).as("nearest first").isGreaterThanOrEqualTo(last);
                    last = f.path("distanceMeters").asDouble();
                }
                assertThat(took).as("init → page 0 of a user with " + FRIENDS + " friends").isLessThan(INIT_BOUND);

                // the heavy user's own first location (published after page 0) reaches every connected friend
                awaitEveryFriendSees(friendsOnline, heavy, t -> t == initTs, "the heavy user's first location");

                Map<String, Integer> spread = friendChannelsPerNode(ring, heavy);
                System.out.println("HeavyUserIT: the " + FRIENDS + " friend channels per ring node " + spread);
                assertThat(spread.values().stream().mapToInt(Integer::intValue).sum())
                        .as("every friend channel is subscribed, each on one node").isEqualTo(FRIENDS);
                assertThat(spread.values()).as("spread over every node, none with less than 15%: " + spread)
                        .hasSize(RING_NODES).allMatch(n -> n >= FRIENDS * 15 / 100);

                Map<String, Map<String, Integer>> subscribers = subscriberConnections(ring);
                System.out.println("HeavyUserIT: subscriber connections per ring node, by server process " + subscribers);
                for (Map.Entry<String, Map<String, Integer>> node : subscribers.entrySet()) {
                    assertThat(node.getValue()).as("one subscriber connection per server on " + node.getKey())
                            .hasSize(SERVERS).allSatisfy((server, connections) -> assertThat(connections).isEqualTo(1));
                }

                // one update of the heavy user reaches all of their connected friends, on both servers
                long ts = Math.max(System.currentTimeMillis(), initTs + 1);
                GeoPoint moved = GreatCircle.destination(HOME, 90, 150);
                long updateSent = System.nanoTime();
                hub.send("{\"type\":\"location\",\"lat\":" + moved.lat() + ",\"lon\":" + moved.lon() + ",\"ts\":" + ts + "}");
                JsonNode sample = awaitEveryFriendSees(friendsOnline, heavy, t -> t == ts, "the heavy user's update ts " + ts);
                long allMillis = Duration.ofNanos(System.nanoTime() - updateSent).toMillis();
                String ringMessage = tap.awaitMessageContaining(Long.toString(ts), DELIVERY_WAIT);
                System.out.printf("HeavyUserIT: one update reached all %d connected friends on %d servers in %d ms;"
                                + " on the ring %d bytes (channel %d + message %d), at a client %d bytes%n",
                        CONNECTED, SERVERS, allMillis, heavyChannel.length() + ringMessage.length(), heavyChannel.length(),
                        ringMessage.length(), sample.toString().length());
            } finally {
                tap.close();
            }
        } finally {
            friendsOnline.forEach(WsClient::close);
            ring.forEach(RedisServer::close);
        }
    }

    /** Friend {@code n}'s place: 200 m to 3.1 km from the heavy user, well within the 5-mile radius. */
    private static GeoPoint near(int n) {
        return GreatCircle.destination(HOME, (n * 7.3) % 360, 200 + (n % 50) * 60);
    }

    /** The users (sharing on) and both directions of every friendship, as two JDBC batches in one transaction. */
    private static void insertUsersAndFriendships(String dbUrl, List<String> hubs, List<String> friends) throws Exception {
        String url = DbSettings.of(dbUrl, Optional.empty(), Optional.empty()).effectiveUrl();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement users = c.prepareStatement("INSERT INTO users (id, name, sharing) VALUES (?, ?, TRUE)")) {
                for (String hub : hubs) {
                    users.setString(1, hub);
                    users.setString(2, hub);
                    users.addBatch();
                }
                for (String f : friends) {
                    users.setString(1, f);
                    users.setString(2, f);
                    users.addBatch();
                }
                users.executeBatch();
            }
            try (PreparedStatement adds = c.prepareStatement("INSERT INTO friend_adds (from_id, to_id) VALUES (?, ?)")) {
                for (String hub : hubs) {
                    for (String f : friends) {
                        adds.setString(1, hub);
                        adds.setString(2, f);
                        adds.addBatch();
                        adds.setString(1, f);
                        adds.setString(2, hub);
                        adds.addBatch();
                    }
                }
                adds.executeBatch();
            }
            c.commit();
        }
    }

    /** What the offline friends' last updates left in the cache: {@code SET loc:<id> <lat,lon,ts,receivedAt> EX 600}. */
    private static void cacheOfflineFriends(Cluster cluster, List<String> offline) {
        long now = System.currentTimeMillis();
        try (Jedis jedis = new Jedis(URI.create(cluster.redis().url()))) {
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < offline.size(); i++) {
                GeoPoint at = GreatCircle.destination(HOME, (i * 11.7) % 360, 500 + (i % 100) * 60);
                p.setex("loc:" + offline.get(i), 600, new CachedLocation(at.lat(), at.lon(), now, now).encode());
            }
            p.sync();
        }
    }

    /**
     * Waits until every client has received a {@code friend_location} of {@code id} whose ts matches, skipping other
     * messages; returns one of those messages.
     */
    private static JsonNode awaitEveryFriendSees(List<WsClient> clients, String id, LongPredicate ts,
                                                 String what) {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        JsonNode sample = null;
        for (WsClient c : clients) {
            while (true) {
                long left = deadline - System.nanoTime();
                assertThat(left).as(c.name() + " received " + what + " within " + DELIVERY_WAIT).isPositive();
                JsonNode m = c.next(Duration.ofNanos(left));
                if (m.path("type").asText().equals("friend_location") && m.path("id").asText().equals(id)
                        && ts.test(m.path("ts").asLong())) {
                    sample = m;
                    break;
                }
            }
        }
        return sample;
    }

    /** The ring node on which the servers subscribed {@code channel} (its owner on the ring). */
    private static RedisServer ownerOf(List<RedisServer> ring, String channel) {
        List<RedisServer> owners = ring.stream().filter(node -> {
            try (Jedis jedis = new Jedis(URI.create(node.url()))) {
                return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L) > 0;
            }
        }).toList();
        assertThat(owners).as("exactly one node carries " + channel).hasSize(1);
        return owners.getFirst();
    }

    /** How many of the heavy user's friend channels ({@code u:<heavy>-f*}) each node has subscribed. */
    private static Map<String, Integer> friendChannelsPerNode(List<RedisServer> ring, String heavy) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (RedisServer node : ring) {
            try (Jedis jedis = new Jedis(URI.create(node.url()))) {
                out.put(node.url(), jedis.pubsubChannels(Channels.user(heavy + "-f*")).size());
            }
        }
        return out;
    }

    /** Per ring node: the subscriber connections ({@code sub>0} or {@code psub>0}) by client name (one name per server process). */
    private static Map<String, Map<String, Integer>> subscriberConnections(List<RedisServer> ring) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (RedisServer node : ring) {
            Map<String, Integer> byName = new LinkedHashMap<>();
            try (Jedis jedis = new Jedis(URI.create(node.url()))) {
                for (String line : jedis.clientList().split("\n")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String kv : line.trim().split(" ")) {
                        String[] p = kv.split("=", 2);
                        fields.put(p[0], p.length > 1 ? p[1] : "");
                    }
                    String name = fields.getOrDefault("name", "");
                    if (name.startsWith("nearby-sub-")) {
                        byName.merge(name, 1, Integer::sum);
                    }
                }
            }
            out.put(node.url(), byName);
        }
        return out;
    }

    /** A raw Jedis subscriber of one channel on one node: captures the messages the servers' publishes carry. */
    private static final class RingTap implements AutoCloseable {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private final JedisPubSub subscriber = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                messages.add(message);
            }
        };

        static RingTap on(RedisServer node, String channel) throws InterruptedException {
            RingTap tap = new RingTap();
            Thread.ofPlatform().daemon().name("ring-tap").start(() -> {
                try (Jedis jedis = new Jedis(URI.create(node.url()))) {
                    jedis.subscribe(tap.subscriber, channel);
                } catch (RuntimeException stopped) {
                    // the node stopped: the test fails on the missing message, not here
                }
            });
            assertThat(tap.subscribed.await(5, TimeUnit.SECONDS)).as("tap subscribed to " + channel).isTrue();
            return tap;
        }

        String awaitMessageContaining(String part, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                String m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(m).as("a message containing " + part + " on the ring within " + wait).isNotNull();
                if (m.contains(part)) {
                    return m;
                }
            }
        }

        @Override
        public void close() {
            if (subscriber.isSubscribed()) {
                subscriber.unsubscribe();
            }
        }
    }
}
