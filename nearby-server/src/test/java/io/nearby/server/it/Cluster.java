package io.nearby.server.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.nearby.api.TokenIssuer;
import io.nearby.server.fanout.Channels;
import io.nearby.server.NearbyServer;
import io.nearby.server.config.NearbyConfig;
import io.nearby.testkit.PostgresServer;
import io.nearby.testkit.RedisCluster;
import io.nearby.testkit.RedisServer;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * One or more real NearbyServers (started through the same {@link NearbyServer#start} as production) on one
 * real redis-server from the test kit and one user DB (an in-memory H2 shared by the servers of this JVM, or a
 * fresh PostgreSQL database from the test kit). With {@link Builder#cacheCluster()} the location cache is on a real
 * Redis Cluster of the test kit instead (NEARBY_REDIS_CLUSTER_NODES) and the redis-server carries the Pub/Sub only
 * (NEARBY_PUBSUB_NODES). With {@link Builder#clock} the servers (and the tokens issued here) run on a clock of the
 * test's choosing. Closing stops everything it started.
 */
public final class Cluster implements AutoCloseable {
    static final String SECRET = "integration-test-secret-0123456789abcdef";
    /** NEARBY_ADMIN_TOKEN of every server started here: {@code GET /health/details} with {@link #admin}. */
    static final String ADMIN_TOKEN = "integration-test-admin-token-0123456789abcdef";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final RedisServer redis;
    private RedisCluster cacheCluster;
    private final List<NearbyServer> servers = new ArrayList<>();
    private final TokenIssuer issuer;

    private Cluster(RedisServer redis, Clock clock) {
        this.redis = redis;
        this.issuer = new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8), clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int servers = 1;
        private boolean postgres;
        private RedisServer.Options redis = RedisServer.Options.NONE;
        private boolean redisUrlWithPassword;
        private RedisCluster.Options cacheCluster;
        private final Map<String, String> env = new HashMap<>();
        private Clock clock = Clock.systemUTC();

        public Builder servers(int n) {
            this.servers = n;
            return this;
        }

        /** Users in a fresh database of the test kit's real PostgreSQL instead of H2. */
        public Builder postgres() {
            this.postgres = true;
            return this;
        }

        /**
         * The test kit's Redis protected by {@code options} (requirepass, TLS). The servers are then given
         * {@code NEARBY_REDIS_URL} = {@link RedisServer#url()} only: the test sets the credentials it means to test.
         */
        public Builder redis(RedisServer.Options options) {
            this.redis = options;
            return this;
        }

        /** {@code NEARBY_REDIS_URL} with the password as user info ({@link RedisServer#urlWithPassword()}). */
        public Builder redisUrlWithPassword() {
            this.redisUrlWithPassword = true;
            return this;
        }

        /**
         * The location cache on a fresh Redis Cluster of the test kit (3 masters + 3 replicas, node timeout 5 s),
         * closed with this fixture: NEARBY_REDIS_CLUSTER_NODES = its nodes, NEARBY_PUBSUB_NODES = the redis-server.
         */
        public Builder cacheCluster() {
            return cacheCluster(RedisCluster.Options.DEFAULT);
        }

        public Builder cacheCluster(RedisCluster.Options options) {
            this.cacheCluster = options;
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** The servers' clock (e.g. one that believes it is just before midnight), and the tokens' issue time. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Cluster start() {
            Cluster cluster = new Cluster(RedisServer.start(redis), clock);
            try {
                Map<String, String> e = new HashMap<>(env);
                if (cacheCluster != null) {
                    cluster.cacheCluster = RedisCluster.start(cacheCluster);
                    e.putIfAbsent("NEARBY_REDIS_CLUSTER_NODES", cluster.cacheCluster.seeds());
                    e.putIfAbsent("NEARBY_PUBSUB_NODES", cluster.redis.url());
                }
                e.putIfAbsent("NEARBY_HTTP_HOST", "127.0.0.1");
                e.putIfAbsent("NEARBY_HTTP_PORT", "0");
                // the scenarios move users across kilometres in milliseconds; HardeningIT tests the speed rule itself
                e.putIfAbsent("NEARBY_MAX_SPEED_KMH", "0");
                e.putIfAbsent("NEARBY_JWT_SECRET", SECRET);
                e.putIfAbsent("NEARBY_ADMIN_TOKEN", ADMIN_TOKEN);
                if (cacheCluster == null) {
                    e.putIfAbsent("NEARBY_REDIS_URL", redisUrlWithPassword ? cluster.redis.urlWithPassword() : cluster.redis.url());
                }
                e.putIfAbsent("NEARBY_WS_UPDATES_PER_SECOND", "50");
                e.putIfAbsent("NEARBY_WS_UPDATE_BURST", "100");
                if (postgres) {
                    PostgresServer.Database db = PostgresServer.shared().newDatabase();
                    e.putIfAbsent("NEARBY_DB_URL", db.jdbcUrl());
                    e.putIfAbsent("NEARBY_DB_USER", db.user());
                    e.putIfAbsent("NEARBY_DB_PASSWORD", db.password());
                } else {
                    e.putIfAbsent("NEARBY_DB_URL", "jdbc:h2:mem:nearby-" + UUID.randomUUID());
                }
                for (int i = 0; i < servers; i++) {
                    cluster.servers.add(NearbyServer.start(NearbyConfig.fromEnvironment(e), clock));
                }
                return cluster;
            } catch (RuntimeException ex) {
                cluster.close();
                throw ex;
            }
        }
    }

    /**
     * A user id that no other test of this JVM uses, e.g. {@code alice-7-k3x9q}: tests stay independent on a shared
     * cluster, and the random part makes the id safe to search for in logs and metrics.
     */
    public static String id(String base) {
        long fiveBase36Digits = ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36);
        return base + "-" + IDS.incrementAndGet() + "-" + Long.toString(fiveBase36Digits, 36);
    }

    public NearbyServer server(int i) {
        return servers.get(i);
    }

    public RedisServer redis() {
        return redis;
    }

    /** The Redis Cluster holding the location cache ({@link Builder#cacheCluster()}); fails when there is none. */
    public RedisCluster cacheCluster() {
        if (cacheCluster == null) {
            throw new IllegalStateException("this fixture's cache is the redis-server; build it with cacheCluster()");
        }
        return cacheCluster;
    }

    public String token(String userId) {
        return issuer.issue(userId, Duration.ofHours(1));
    }

    /** A token that expires after {@code ttl}. */
    public String token(String userId, Duration ttl) {
        return issuer.issue(userId, ttl);
    }

    /** A server counter's value (0 when it does not exist yet), e.g. {@code nearby.ws.closed} with tag reason. */
    public double counter(int server, String name, String... tags) {
        var counter = server(server).meters().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Calls with the operator token (NEARBY_ADMIN_TOKEN) on server {@code server}, e.g. {@code /health/details}. */
    public Rest admin(int server) {
        return new Rest("http://localhost:" + server(server).port(), ADMIN_TOKEN);
    }

    public Rest rest(String userId) {
        return new Rest("http://localhost:" + server(0).port(), userId == null ? null : token(userId));
    }

    public Rest rest(String userId, int server) {
        return new Rest("http://localhost:" + server(server).port(), token(userId));
    }

    /** A user with a profile and sharing on. */
    public Rest user(String userId) {
        Rest rest = rest(userId);
        rest.profile(userId.substring(0, 1).toUpperCase() + userId.substring(1));
        rest.sharing(true);
        return rest;
    }

    /** Both add each other. */
    public void befriend(String a, String b) {
        rest(a).add(b);
        rest(b).add(a);
    }

    public WsClient connect(String userId) {
        return connect(userId, 0);
    }

    public WsClient connect(String userId, int server) {
        return WsClient.connect(wsUri(server, token(userId)), userId);
    }

    public URI wsUri(int server, String token) {
        return URI.create("ws://localhost:" + server(server).port() + "/ws" + (token == null ? "" : "?access_token=" + token));
    }

    /**
     * Waits until no server holds a session of {@code userId} any more: a released session leaves its channels, and
     * only that user's sessions subscribe to the user's control channel. (A session count would also move with the
     * sessions of other users, e.g. those of the previous test still being released.)
     */
    public void awaitReleased(String userId, Duration atMost) {
        try (Jedis jedis = new Jedis(URI.create(redis.urlWithPassword()))) {
            Awaitility.await("every session of " + userId + " released (left " + Channels.control(userId) + ")").atMost(atMost)
                    .until(() -> jedis.pubsubNumSub(Channels.control(userId)).getOrDefault(Channels.control(userId), 0L) == 0L);
        }
    }

    /** Waits until server 0's history store is connected (Cassandra: schema created, statements prepared). */
    public void awaitHistoryUp() {
        Awaitility.await("history store up").atMost(Duration.ofSeconds(60))
                .until(() -> server(0).health().report().checks().get("history").up());
    }

    /** The user's history on server 0 once it holds {@code n} points (writes are asynchronous). */
    public List<JsonNode> awaitHistory(String userId, String query, int n) {
        return Awaitility.await(userId + " has " + n + " history points").atMost(Duration.ofSeconds(10))
                .until(() -> rest(userId).history(query), points -> points.size() == n);
    }

    /** {@code nearby_history_written_total} of server 0. */
    public double historyWritten() {
        return server(0).meters().find("nearby.history.written").functionCounter().count();
    }

    /** {@code nearby_history_dropped_total} of server 0, all reasons. */
    public double historyDropped() {
        return server(0).meters().find("nearby.history.dropped").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    /** WebSocket sessions this server has opened since it started (a monotonic counter, unlike the open sessions). */
    public long sessionsOpened(int server) {
        return (long) server(server).meters().get("nearby.ws.opened").counter().count();
    }

    @Override
    public void close() {
        servers.forEach(NearbyServer::close);
        redis.close();
        if (cacheCluster != null) {
            cacheCluster.close();
        }
    }
}
