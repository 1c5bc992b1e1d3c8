package io.nearby.server.it;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import io.nearby.api.TokenIssuer;
import io.nearby.testkit.PostgresServer;
import io.nearby.testkit.RedisServer;

/**
 * Real Nearby Friends servers as OS processes ({@link ServerJvm}) on real backends: one redis-server for the location
 * cache and the Pub/Sub ring (or a separate Pub/Sub node), and a fresh database on the test kit's PostgreSQL, which
 * every process shares (an in-memory H2 cannot be shared across processes). Users and friendships are made through
 * the REST API of the first server, as clients make them.
 */
final class ProcessCluster implements AutoCloseable {
    private final RedisServer redis;
    private final RedisServer pubsubNode;
    private final PostgresServer.Database db;
    private final List<ServerJvm> servers = new ArrayList<>();
    private final TokenIssuer issuer = new TokenIssuer(Cluster.SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());

    private ProcessCluster(RedisServer redis, RedisServer pubsubNode, PostgresServer.Database db) {
        this.redis = redis;
        this.pubsubNode = pubsubNode;
        this.db = db;
    }

    /**
     * Starts {@code n} servers (one after the other: the first applies the DB migrations) with these NEARBY_*
     * variables on top of the backends'.
     *
     * @param separatePubsubNode the Pub/Sub ring is one redis-server of its own (NEARBY_PUBSUB_NODES), not the cache's
     */
    static ProcessCluster start(int n, boolean separatePubsubNode, Map<String, String> env) {
        RedisServer redis = RedisServer.start();
        RedisServer node = null;
        ProcessCluster cluster = null;
        try {
            node = separatePubsubNode ? RedisServer.start() : null;
            cluster = new ProcessCluster(redis, node, PostgresServer.shared().newDatabase());
            for (int i = 0; i < n; i++) {
                cluster.servers.add(new ServerJvm("server-" + (char) ('a' + i), cluster.env(env)).start());
            }
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                redis.close();
                if (node != null) {
                    node.close();
                }
            }
            throw e;
        }
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> e = new HashMap<>();
        e.put("NEARBY_JWT_SECRET", Cluster.SECRET);
        e.put("NEARBY_REDIS_URL", redis.url());
        if (pubsubNode != null) {
            e.put("NEARBY_PUBSUB_NODES", pubsubNode.url());
        }
        e.put("NEARBY_DB_URL", db.jdbcUrl());
        e.put("NEARBY_DB_USER", db.user());
        e.put("NEARBY_DB_PASSWORD", db.password());
        e.putAll(extra);
        return e;
    }

    ServerJvm server(int i) {
        return servers.get(i);
    }

    List<ServerJvm> servers() {
        return List.copyOf(servers);
    }

    RedisServer redis() {
        return redis;
    }

    RedisServer pubsubNode() {
        return pubsubNode;
    }

    PostgresServer.Database db() {
        return db;
    }

    String token(String userId) {
        return issuer.issue(userId, Duration.ofHours(1));
    }

    Rest rest(String userId) {
        return servers.getFirst().rest(token(userId));
    }

    /** Each user gets a profile and sharing on; {@code concurrency} REST calls at once. */
    void users(List<String> ids, int concurrency) throws Exception {
        parallel(ids, concurrency, id -> {
            Rest r = rest(id);
            r.profile("U " + id);
            r.sharing(true);
        });
    }

    /** Each pair becomes mutual friends. */
    void befriend(List<String[]> pairs, int concurrency) throws Exception {
        parallel(pairs, concurrency, p -> {
            rest(p[0]).add(p[1]);
            String status = rest(p[1]).add(p[0]);
            if (!status.equals("friends")) {
                throw new AssertionError(p[0] + " and " + p[1] + " are " + status + ", not friends");
            }
        });
    }

    private static <T> void parallel(List<T> items, int concurrency, java.util.function.Consumer<T> task) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<?>> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                permits.acquire();
                all.add(pool.submit(() -> {
                    try {
                        task.accept(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(ServerJvm::close);
        redis.close();
        if (pubsubNode != null) {
            pubsubNode.close();
        }
    }
}
