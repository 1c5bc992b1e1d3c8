package io.nearby.server.location;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Latest location per active user in Redis: key {@code loc:<userId>}, TTL = the inactivity timeout, refreshed
 * by every update, so an inactive user's entry expires by itself. A user with sharing off has no entry.
 *
 * <p>Connections: one bounded pool per server process ({@link #POOL_SIZE}), never one per client. Calls are
 * blocking (virtual threads) and throw {@link redis.clients.jedis.exceptions.JedisException} when Redis is
 * unreachable; callers decide what a failure means for them.
 */
public final class LocationCache implements AutoCloseable {
    public static final int POOL_SIZE = 16;
    private static final String PREFIX = "loc:";
    private static final int MGET_CHUNK = 500;

    private final JedisPooled redis;
    private final long ttlSeconds;

    public LocationCache(URI redisUrl, Duration ttl) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(1);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setJmxEnabled(false);
        this.redis = new JedisPooled(pool, new HostAndPort(redisUrl.getHost(), redisUrl.getPort()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).socketTimeoutMillis(2000).build());
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
    }

    public void put(String userId, CachedLocation location) {
        redis.set(PREFIX + userId, location.encode(), SetParams.setParams().ex(ttlSeconds));
    }

    public CachedLocation get(String userId) {
        return CachedLocation.decode(redis.get(PREFIX + userId));
    }

    /** Locations of those of the given users who are active, in one MGET per 500 ids. */
    public Map<String, CachedLocation> getAll(Collection<String> userIds) {
        Map<String, CachedLocation> found = new HashMap<>();
        List<String> ids = new ArrayList<>(userIds);
        for (int from = 0; from < ids.size(); from += MGET_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_CHUNK));
            List<String> values = redis.mget(chunk.stream().map(id -> PREFIX + id).toArray(String[]::new));
            for (int i = 0; i < chunk.size(); i++) {
                CachedLocation loc = CachedLocation.decode(values.get(i));
                if (loc != null) {
                    found.put(chunk.get(i), loc);
                }
            }
        }
        return found;
    }

    public void remove(String userId) {
        redis.del(PREFIX + userId);
    }

    /** Round trip to Redis, for readiness. */
    public boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        redis.close();
    }
}
