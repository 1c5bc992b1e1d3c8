package io.nearby.server.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.nearby.friends.DbSettings;
import io.nearby.history.CassandraSettings;
import io.nearby.history.Replication;

/**
 * Where the real servers are. With nothing set the service runs on its embedded defaults (a local
 * redis-server on 6379, an H2 file) — see README "Configuration".
 *
 * @param redisUrl         NEARBY_REDIS_URL [redis://127.0.0.1:6379]: location cache
 * @param pubsubNodes      NEARBY_PUBSUB_NODES as set (empty when unset): the static Pub/Sub ring without etcd, the
 *                         seed of an absent ring key with etcd; see {@link #ringNodes()}
 * @param etcdEndpoints    NEARBY_ETCD_ENDPOINTS: when set, the ring is read from and watched in etcd
 * @param ringKey          NEARBY_RING_KEY [/nearby/pubsub-ring]
 * @param dbUrl            NEARBY_DB_URL [jdbc:h2:file:./data/nearby]: user DB (PostgreSQL in production)
 * @param dbUser           NEARBY_DB_USER
 * @param dbPassword       NEARBY_DB_PASSWORD
 * @param cassandraContactPoints NEARBY_CASSANDRA_CONTACT_POINTS (host:port, comma-separated): history store
 * @param cassandraKeyspace      NEARBY_CASSANDRA_KEYSPACE [nearby]
 * @param cassandraDc            NEARBY_CASSANDRA_DC [datacenter1]
 * @param cassandraReplication   NEARBY_CASSANDRA_REPLICATION [SimpleStrategy:1]: used when the history keyspace is
 *                               created, e.g. {@code NetworkTopologyStrategy:dc1=3}
 */
public record BackendConfig(URI redisUrl,
                            List<URI> pubsubNodes,
                            List<String> etcdEndpoints,
                            String ringKey,
                            String dbUrl,
                            Optional<String> dbUser,
                            Optional<String> dbPassword,
                            List<String> cassandraContactPoints,
                            String cassandraKeyspace,
                            String cassandraDc,
                            Replication cassandraReplication) {
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final String DEFAULT_RING_KEY = "/nearby/pubsub-ring";
    public static final String DEFAULT_DB_URL = DbSettings.DEFAULT_URL;
    public static final String DEFAULT_KEYSPACE = "nearby";
    public static final String DEFAULT_DC = "datacenter1";

    /** The user DB's connection settings (one pool for users and friendships, the embedded history reuses them). */
    public DbSettings db() {
        return DbSettings.of(dbUrl, dbUser, dbPassword);
    }

    /** The Pub/Sub nodes without etcd: NEARBY_PUBSUB_NODES, or else the cache's Redis (the embedded default). */
    public List<URI> ringNodes() {
        return pubsubNodes.isEmpty() ? List.of(redisUrl) : pubsubNodes;
    }

    static BackendConfig from(Env env) {
        URI redis = Env.uri("NEARBY_REDIS_URL", env.string("NEARBY_REDIS_URL", DEFAULT_REDIS_URL), "redis");
        List<URI> nodes = env.list("NEARBY_PUBSUB_NODES").stream()
                .map(n -> Env.uri("NEARBY_PUBSUB_NODES", n, "redis"))
                .toList();
        List<String> etcd = env.list("NEARBY_ETCD_ENDPOINTS");
        etcd.forEach(e -> Env.uri("NEARBY_ETCD_ENDPOINTS", e, "http", "https"));
        String dbUrl = env.string("NEARBY_DB_URL", DEFAULT_DB_URL);
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("NEARBY_DB_URL", "expected a jdbc:postgresql: or jdbc:h2: URL, got '" + dbUrl + "'");
        }
        String keyspace = env.string("NEARBY_CASSANDRA_KEYSPACE", DEFAULT_KEYSPACE);
        if (!CassandraSettings.isKeyspaceName(keyspace)) {
            throw new ConfigException("NEARBY_CASSANDRA_KEYSPACE", "expected a CQL identifier, got '" + keyspace + "'");
        }
        List<String> contactPoints = env.list("NEARBY_CASSANDRA_CONTACT_POINTS");
        contactPoints.forEach(c -> {
            try {
                CassandraSettings.contactPoint(c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("NEARBY_CASSANDRA_CONTACT_POINTS", e.getMessage());
            }
        });
        Replication replication;
        try {
            replication = Replication.parse(env.string("NEARBY_CASSANDRA_REPLICATION", Replication.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("NEARBY_CASSANDRA_REPLICATION", e.getMessage());
        }
        return new BackendConfig(redis,
                nodes,
                etcd,
                env.string("NEARBY_RING_KEY", DEFAULT_RING_KEY),
                dbUrl,
                env.string("NEARBY_DB_USER"),
                env.string("NEARBY_DB_PASSWORD"),
                contactPoints,
                keyspace,
                env.string("NEARBY_CASSANDRA_DC", DEFAULT_DC),
                replication);
    }
}
