package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.ring.pubsub.PubSubConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "one subscriber connection per Redis node per server process, not per client": the Redis connections of a
 * server are 1 subscriber connection per node + 1 pipelined writer connection per Redis server (shared by the publishes
 * and the location cache when they are the same server, as here) whatever the number of WebSocket clients, and all
 * channel subscriptions are multiplexed on one connection in subscriber mode.
 */
class RedisConnectionsIT {
    private static final GeoPoint HOME = new GeoPoint(51.5074, -0.1278);
    private static final int CLIENTS = 200;
    private static final int BOUND = 1 + PubSubConfig.defaults().publisherConnections();

    /** One line of CLIENT LIST as field → value. */
    private record RedisClient(Map<String, String> fields) {
        static RedisClient parse(String line) {
            return new RedisClient(Arrays.stream(line.trim().split(" "))
                    .map(kv -> kv.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : "")));
        }

        boolean subscriber() {
            return Integer.parseInt(fields.getOrDefault("sub", "0")) > 0 || fields.getOrDefault("flags", "").contains("P");
        }

        int subscriptions() {
            return Integer.parseInt(fields.getOrDefault("sub", "0"));
        }

        @Override
        public String toString() {
            return fields.get("name") + "[" + fields.get("cmd") + ", sub=" + fields.get("sub") + ", flags=" + fields.get("flags") + "]";
        }
    }

    /** The server's connections: every client of CLIENT LIST except this probe itself. */
    private static List<RedisClient> serverConnections(Jedis probe) {
        long self = probe.clientId();
        return probe.clientList().lines().map(RedisClient::parse)
                .filter(c -> Long.parseLong(c.fields().get("id")) != self)
                .toList();
    }

    @Test
    void redisConnectionsDoNotGrowWithWebSocketClients() throws Exception {
        try (Cluster cluster = Cluster.builder().start();
             Jedis probe = new Jedis(java.net.URI.create(cluster.redis().url()));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ids.add(Cluster.id("u" + i));
            }
            all(pool, ids.stream().<Callable<Object>>map(id -> () -> cluster.user(id)).toList());
            // a ring of friendships: everyone has 4 friends, so every user's channel is subscribed
            List<Callable<Object>> friendships = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                for (int step = 1; step <= 2; step++) {
                    String a = ids.get(i);
                    String b = ids.get((i + step) % CLIENTS);
                    friendships.add(() -> {
                        cluster.befriend(a, b);
                        return null;
                    });
                }
            }
            all(pool, friendships);

            List<WsClient> clients = new ArrayList<>();
            try {
                clients.add(connectAndInit(cluster, ids.getFirst(), 0));
                List<RedisClient> withOne = serverConnections(probe);
                System.out.println("RedisConnectionsIT: 1 client → " + withOne.size() + " Redis connections " + withOne);

                List<Callable<WsClient>> connects = new ArrayList<>();
                for (int i = 1; i < CLIENTS; i++) {
                    int n = i;
                    connects.add(() -> connectAndInit(cluster, ids.get(n), n));
                }
                for (Future<WsClient> f : pool.invokeAll(connects)) {
                    clients.add(f.get());
                }
                assertThat(cluster.server(0).sessionCount()).isEqualTo(CLIENTS);
                List<RedisClient> withMany = serverConnections(probe);
                System.out.println("RedisConnectionsIT: " + CLIENTS + " clients → " + withMany.size() + " Redis connections " + withMany);

                for (List<RedisClient> connections : List.of(withOne, withMany)) {
                    assertThat(connections).as("1 subscriber + 1 writer shared by publishes and the cache = " + BOUND).hasSizeLessThanOrEqualTo(BOUND);
                    assertThat(connections.stream().filter(RedisClient::subscriber)).as("subscriber connections").hasSize(1);
                }
                // an init waits for its SUBSCRIBE confirmations only up to a bound, then goes on: Redis may count the
                // last ones a moment after the last "nearby"
                org.awaitility.Awaitility.await("every user's channels subscribed").atMost(Duration.ofSeconds(10))
                        .pollInSameThread().untilAsserted(() -> {
                            RedisClient subscriber = serverConnections(probe).stream().filter(RedisClient::subscriber)
                                    .findFirst().orElseThrow();
                            assertThat(subscriber.subscriptions())
                                    .as("every user's u: and c: channel on the one subscriber connection")
                                    .isGreaterThanOrEqualTo(2 * CLIENTS);
                        });
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    private static WsClient connectAndInit(Cluster cluster, String id, int n) {
        WsClient c = cluster.connect(id);
        GeoPoint p = GreatCircle.destination(HOME, (n * 37) % 360, 100 + (n % 20) * 100);
        c.init(p.lat(), p.lon());
        c.expect("nearby");
        return c;
    }

    private static <T> void all(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
        for (Future<T> f : pool.invokeAll(tasks)) {
            f.get();
        }
    }
}
