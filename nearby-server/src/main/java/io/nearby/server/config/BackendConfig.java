package io.nearby.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.nearby.credentials.Redaction;
import io.nearby.credentials.TlsTrust;
import io.nearby.friends.DbSettings;
import io.nearby.history.CassandraAccess;
import io.nearby.history.CassandraSettings;
import io.nearby.history.Replication;
import io.nearby.ring.EtcdAccess;
import io.nearby.ring.pubsub.RedisSecurity;
import io.nearby.ring.pubsub.RedisUrl;

/**
 * Where the real servers are. With nothing set the service runs on its embedded defaults (a local
 * redis-server on 6379, an H2 file) — see README "Configuration". Credentials are kept apart from the addresses:
 * every address here is credential-free (safe to log), the secrets live in the {@code *Security}/{@code *Access}
 * components, whose {@code toString} masks them.
 *
 * @param redisUrl         NEARBY_REDIS_URL [redis://127.0.0.1:6379]: location cache, {@code redis://} or
 *                         {@code rediss://} (TLS); given with user info ({@code redis://user:password@host:port}),
 *                         the user info is moved to {@link #cacheSecurity} and this is the URL without it
 * @param redisClusterNodes NEARBY_REDIS_CLUSTER_NODES as set (empty when unset): seeds of a Redis Cluster that then
 *                         holds the location cache instead of {@code redisUrl}; all {@code redis://} or all
 *                         {@code rediss://}, never with credentials (NEARBY_REDIS_USER / NEARBY_REDIS_PASSWORD)
 * @param pubsubNodes      NEARBY_PUBSUB_NODES as set (empty when unset): the static Pub/Sub ring without etcd, the
 *                         seed of an absent ring key with etcd; see {@link #ringNodes()}. {@code redis://} or
 *                         {@code rediss://}, never with credentials
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
 * @param cacheSecurity    the cache's AUTH: NEARBY_REDIS_URL's user info, or NEARBY_REDIS_USER / NEARBY_REDIS_PASSWORD
 *                         (not both); TLS trust NEARBY_REDIS_TLS_CA_FILE [the JDK's CAs] for {@code rediss://}
 * @param pubsubSecurity   every ring node's AUTH: NEARBY_PUBSUB_USER / NEARBY_PUBSUB_PASSWORD [the cache's
 *                         credentials]; the same TLS trust as the cache
 * @param etcdAccess       NEARBY_ETCD_USER / NEARBY_ETCD_PASSWORD, NEARBY_ETCD_TLS_CA_FILE (for {@code https://})
 * @param cassandraAccess  NEARBY_CASSANDRA_USER / NEARBY_CASSANDRA_PASSWORD, NEARBY_CASSANDRA_TLS [false],
 *                         NEARBY_CASSANDRA_TLS_CA_FILE (implies TLS)
 */
public record BackendConfig(URI redisUrl,
                            List<URI> redisClusterNodes,
                            List<URI> pubsubNodes,
                            List<String> etcdEndpoints,
                            String ringKey,
                            String dbUrl,
                            Optional<String> dbUser,
                            Optional<String> dbPassword,
                            List<String> cassandraContactPoints,
                            String cassandraKeyspace,
                            String cassandraDc,
                            Replication cassandraReplication,
                            RedisSecurity cacheSecurity,
                            RedisSecurity pubsubSecurity,
                            EtcdAccess etcdAccess,
                            CassandraAccess cassandraAccess) {
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final String DEFAULT_RING_KEY = "/nearby/pubsub-ring";
    public static final String DEFAULT_DB_URL = DbSettings.DEFAULT_URL;
    public static final String DEFAULT_KEYSPACE = "nearby";
    public static final String DEFAULT_DC = "datacenter1";

    /** The user DB's connection settings (one pool for users and friendships, the embedded history reuses them). */
    public DbSettings db() {
        return DbSettings.of(dbUrl, dbUser, dbPassword);
    }

    /**
     * The Pub/Sub nodes without etcd: NEARBY_PUBSUB_NODES, or else the cache's Redis (the embedded default; never a
     * cache cluster, whose {@code PUBLISH} every node would carry: NEARBY_PUBSUB_NODES is then required).
     */
    public List<URI> ringNodes() {
        return pubsubNodes.isEmpty() && redisClusterNodes.isEmpty() ? List.of(redisUrl) : pubsubNodes;
    }

    /** The location cache is a Redis Cluster (NEARBY_REDIS_CLUSTER_NODES), not the one server of NEARBY_REDIS_URL. */
    public boolean cacheIsCluster() {
        return !redisClusterNodes.isEmpty();
    }

    static BackendConfig from(Env env) {
        RedisUrl cache;
        try {
            cache = RedisUrl.parse(env.string("NEARBY_REDIS_URL", DEFAULT_REDIS_URL));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("NEARBY_REDIS_URL", e.getMessage());
        }
        URI redis = URI.create(cache.address().uri());
        Optional<TlsTrust> redisTrust = caFile(env, "NEARBY_REDIS_TLS_CA_FILE").map(TlsTrust::fromCaFile);
        RedisSecurity cacheSecurity = cacheSecurity(env, cache, redisTrust);
        RedisSecurity pubsubSecurity = pubsubSecurity(env, cacheSecurity, redisTrust);
        List<URI> clusterNodes = clusterNodes(env);
        List<URI> nodes = env.list("NEARBY_PUBSUB_NODES").stream()
                .map(n -> {
                    URI node = Env.uri("NEARBY_PUBSUB_NODES", n, "redis", "rediss");
                    if (node.getRawUserInfo() != null) {
                        throw new ConfigException("NEARBY_PUBSUB_NODES", "no credentials in a node URL (host "
                                + node.getHost() + "): every server and operator reads the ring; set"
                                + " NEARBY_PUBSUB_USER / NEARBY_PUBSUB_PASSWORD");
                    }
                    return node;
                })
                .toList();
        List<String> etcd = env.list("NEARBY_ETCD_ENDPOINTS");
        etcd.forEach(e -> {
            URI endpoint = Env.uri("NEARBY_ETCD_ENDPOINTS", e, "http", "https");
            if (endpoint.getRawUserInfo() != null) {
                throw new ConfigException("NEARBY_ETCD_ENDPOINTS", "no credentials in an endpoint (host "
                        + endpoint.getHost() + "): set NEARBY_ETCD_USER / NEARBY_ETCD_PASSWORD");
            }
        });
        if (etcd.stream().map(e -> e.startsWith("https:")).distinct().count() > 1) {
            throw new ConfigException("NEARBY_ETCD_ENDPOINTS", "all http:// or all https://, not both");
        }
        if (!clusterNodes.isEmpty() && nodes.isEmpty() && etcd.isEmpty()) {
            throw new ConfigException("NEARBY_PUBSUB_NODES", "required with NEARBY_REDIS_CLUSTER_NODES (or"
                    + " NEARBY_ETCD_ENDPOINTS): the Pub/Sub ring does not run on the cache's Redis Cluster, where every"
                    + " PUBLISH is copied to every node");
        }
        EtcdAccess etcdAccess;
        try {
            etcdAccess = new EtcdAccess(env.string("NEARBY_ETCD_USER"), env.string("NEARBY_ETCD_PASSWORD"),
                    caFile(env, "NEARBY_ETCD_TLS_CA_FILE"));
        } catch (IllegalArgumentException e) {
            throw configError(e);
        }
        String dbUrl = env.string("NEARBY_DB_URL", DEFAULT_DB_URL);
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("NEARBY_DB_URL", "expected a jdbc:postgresql: or jdbc:h2: URL, got '"
                    + Redaction.redact(dbUrl) + "'");
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
        Optional<Path> cassandraCa = caFile(env, "NEARBY_CASSANDRA_TLS_CA_FILE");
        cassandraCa.ifPresent(TlsTrust::fromCaFile);
        CassandraAccess cassandraAccess;
        try {
            cassandraAccess = new CassandraAccess(env.string("NEARBY_CASSANDRA_USER"),
                    env.string("NEARBY_CASSANDRA_PASSWORD"), env.bool("NEARBY_CASSANDRA_TLS", cassandraCa.isPresent()),
                    cassandraCa);
        } catch (IllegalArgumentException e) {
            throw configError(e);
        }
        return new BackendConfig(redis,
                clusterNodes,
                nodes,
                etcd,
                env.string("NEARBY_RING_KEY", DEFAULT_RING_KEY),
                dbUrl,
                env.string("NEARBY_DB_USER"),
                env.string("NEARBY_DB_PASSWORD"),
                contactPoints,
                keyspace,
                env.string("NEARBY_CASSANDRA_DC", DEFAULT_DC),
                replication,
                cacheSecurity,
                pubsubSecurity,
                etcdAccess,
                cassandraAccess);
    }

    /** The history store's settings: contact points, keyspace, DC, replication, credentials and TLS. */
    public CassandraSettings cassandra() {
        return CassandraSettings.of(cassandraContactPoints.stream().map(CassandraSettings::contactPoint).toList(),
                cassandraKeyspace, cassandraDc, cassandraReplication).withAccess(cassandraAccess);
    }

    /**
     * NEARBY_REDIS_CLUSTER_NODES: {@code redis://host:port} seeds, all of one scheme, without credentials, and not
     * together with NEARBY_REDIS_URL (one cache, set in one place).
     */
    private static List<URI> clusterNodes(Env env) {
        List<URI> seeds = env.list("NEARBY_REDIS_CLUSTER_NODES").stream().map(n -> {
            URI node = Env.uri("NEARBY_REDIS_CLUSTER_NODES", n, "redis", "rediss");
            if (node.getRawUserInfo() != null) {
                throw new ConfigException("NEARBY_REDIS_CLUSTER_NODES", "no credentials in a node URL (host "
                        + node.getHost() + "): set NEARBY_REDIS_USER / NEARBY_REDIS_PASSWORD");
            }
            try {
                return URI.create(io.nearby.ring.pubsub.RedisAddress.parse(n).uri()); // canonical: lower-case host
            } catch (IllegalArgumentException e) {
                throw new ConfigException("NEARBY_REDIS_CLUSTER_NODES", e.getMessage());
            }
        }).distinct().toList();
        if (seeds.stream().map(URI::getScheme).distinct().count() > 1) {
            throw new ConfigException("NEARBY_REDIS_CLUSTER_NODES", "all redis:// or all rediss://, not both");
        }
        if (!seeds.isEmpty() && env.string("NEARBY_REDIS_URL").isPresent()) {
            throw new ConfigException("NEARBY_REDIS_CLUSTER_NODES", "NEARBY_REDIS_URL is set too: the cache is either one"
                    + " server (NEARBY_REDIS_URL) or a Redis Cluster (NEARBY_REDIS_CLUSTER_NODES); set one");
        }
        return seeds;
    }

    /** The credentials of NEARBY_REDIS_URL, or NEARBY_REDIS_USER / NEARBY_REDIS_PASSWORD; refusing both at once. */
    private static RedisSecurity cacheSecurity(Env env, RedisUrl cache, Optional<TlsTrust> trust) {
        Optional<String> user = env.string("NEARBY_REDIS_USER");
        Optional<String> password = env.string("NEARBY_REDIS_PASSWORD");
        if (cache.password().isPresent() && (user.isPresent() || password.isPresent())) {
            throw new ConfigException(password.isPresent() ? "NEARBY_REDIS_PASSWORD" : "NEARBY_REDIS_USER",
                    "NEARBY_REDIS_URL carries credentials already: set them in one place");
        }
        if (cache.password().isPresent()) {
            return cache.security(trust);
        }
        if (user.isPresent() && password.isEmpty()) {
            throw new ConfigException("NEARBY_REDIS_PASSWORD", "required with NEARBY_REDIS_USER");
        }
        return new RedisSecurity(user, password, trust);
    }

    /** NEARBY_PUBSUB_USER / NEARBY_PUBSUB_PASSWORD, else the cache's (one Redis is both in the embedded default). */
    private static RedisSecurity pubsubSecurity(Env env, RedisSecurity cache, Optional<TlsTrust> trust) {
        Optional<String> user = env.string("NEARBY_PUBSUB_USER");
        Optional<String> password = env.string("NEARBY_PUBSUB_PASSWORD");
        if (user.isEmpty() && password.isEmpty()) {
            return cache;
        }
        if (password.isEmpty()) {
            throw new ConfigException("NEARBY_PUBSUB_PASSWORD", "required with NEARBY_PUBSUB_USER");
        }
        return new RedisSecurity(user, password, trust);
    }

    /** A readable file of PEM CA certificates, checked now (the message names the variable, never a secret). */
    private static Optional<Path> caFile(Env env, String name) {
        Optional<Path> file = env.string(name).map(Path::of);
        file.ifPresent(f -> {
            try {
                TlsTrust.fromCaFile(f);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, e.getMessage());
            }
        });
        return file;
    }

    /** An {@code IllegalArgumentException} whose message starts with {@code NEARBY_…: }, as a ConfigException. */
    private static ConfigException configError(IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("NEARBY_") ? new ConfigException(message.substring(0, colon),
                message.substring(colon + 2)) : new ConfigException("NEARBY_CONFIG", message);
    }

    /** Addresses and users, never a password (a record's own toString would print {@code dbPassword}). */
    @Override
    public String toString() {
        return "BackendConfig[cache " + (redisClusterNodes.isEmpty() ? redisUrl : "cluster " + redisClusterNodes)
                + " (" + cacheSecurity + "), pubsub nodes " + pubsubNodes + " ("
                + pubsubSecurity + "), etcd " + etcdEndpoints + " (" + etcdAccess + ") key " + ringKey + ", db "
                + Redaction.redact(dbUrl) + " user " + dbUser.orElse("(none)") + " password "
                + (dbPassword.isPresent() ? Redaction.MASK : "(none)") + ", cassandra " + cassandraContactPoints + " "
                + cassandraKeyspace + " dc " + cassandraDc + " " + cassandraReplication + " (" + cassandraAccess + ")]";
    }
}
