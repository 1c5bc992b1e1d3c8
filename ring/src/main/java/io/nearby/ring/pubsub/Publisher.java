package io.nearby.ring.pubsub;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * PUBLISH to one node over a small bounded pool ({@code publisherPoolSize} connections at most, whatever the number of
 * clients). Never throws to the caller: an unreachable node answers -1 within about {@code connectTimeout}, and after
 * a refused connection every publish fails at once for {@code publishFailFast}, so that a dead node does not make
 * thousands of publishing threads wait on connect timeouts.
 *
 * <p>Thread-safe; blocking (one round trip), meant for virtual threads. No background thread (pool eviction and JMX
 * are off).
 */
final class Publisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());

    private final RedisAddress address;
    private final JedisPool pool;
    private final long failFastNanos;
    private final LongAdder published = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile long failFastUntilNanos;
    private volatile boolean warned;
    private volatile boolean closed;

    Publisher(RedisAddress address, PubSubConfig config, String clientName) {
        this.address = address;
        this.failFastNanos = config.publishFailFast().toNanos();
        this.failFastUntilNanos = System.nanoTime();
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.publisherPoolSize());
        poolConfig.setMaxIdle(config.publisherPoolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(config.connectTimeout());
        poolConfig.setJmxEnabled(false);
        poolConfig.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
        this.pool = new JedisPool(poolConfig, address.hostAndPort(), address.clientConfig().clientName(clientName)
                .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
                .socketTimeoutMillis((int) config.socketTimeout().toMillis())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build());
    }

    /**
     * @return subscribers that received the message, or -1 if it could not be published (counted in {@link #failures}),
     *     also after {@link #close}
     */
    long publish(String channel, String message) {
        if (closed || System.nanoTime() - failFastUntilNanos < 0) {
            failures.increment();
            return -1;
        }
        for (int attempt = 1; ; attempt++) {
            Jedis jedis;
            try {
                jedis = pool.getResource();
            } catch (JedisException e) {
                return failed(e, !(e.getCause() instanceof NoSuchElementException));
            }
            try (jedis) {
                long receivers = jedis.publish(channel, message);
                published.increment();
                warned = false;
                return receivers;
            } catch (JedisConnectionException e) {
                if (attempt == 1) {
                    // a pooled connection that died with a Redis restart: its idle siblings are probably dead too
                    pool.clear();
                    continue;
                }
                return failed(e, true);
            } catch (JedisException e) {
                return failed(e, false);
            }
        }
    }

    /** The node is reachable again (the subscriber reconnected): drop idle connections that may be stale, stop failing fast. */
    void reset() {
        failFastUntilNanos = System.nanoTime();
        pool.clear();
    }

    long published() {
        return published.sum();
    }

    long failures() {
        return failures.sum();
    }

    int activeConnections() {
        return pool.getNumActive();
    }

    int idleConnections() {
        return pool.getNumIdle();
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private long failed(JedisException e, boolean unreachable) {
        failures.increment();
        if (unreachable) {
            failFastUntilNanos = System.nanoTime() + failFastNanos;
        }
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, () -> "publish to " + address + " failed (" + SubscriberHealth.describe(e)
                    + "); further failures are only counted until a publish succeeds");
        }
        return -1;
    }
}
