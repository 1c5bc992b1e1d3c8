package io.nearby.ring.pubsub;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link PipelinedWriter}s of this process, ONE per Redis server, shared by whoever sends to it without waiting:
 * the Pub/Sub nodes (PUBLISH) and the location cache (SET/DEL). When the cache and a node are the same server — the
 * embedded default — a location's cache write and its publish go out in one pipeline, with one wake-up of one thread.
 * Writers are counted by their users: {@link #acquire} opens or shares, {@link #release} closes the last one. Users
 * share a writer only when they also use the same credentials ({@link RedisSecurity}): the connection is
 * authenticated as one user.
 * Thread-safe.
 */
public final class RedisWriters implements AutoCloseable {
    private record Shared(PipelinedWriter writer, int users) {
    }

    /** One writer per server and credentials. */
    private record Key(String uri, RedisSecurity security) {
    }

    private final PubSubConfig config;
    private final String clientName;
    private final Map<Key, Shared> writers = new HashMap<>();
    private boolean closed;

    /** @param processId names the connections in {@code CLIENT LIST}: {@code nearby-pub-<processId>} */
    public RedisWriters(PubSubConfig config, String processId) {
        this.config = config;
        this.clientName = "nearby-pub-" + processId;
    }

    /** Writers for a process of its own (a random process id). */
    public static RedisWriters create(PubSubConfig config) {
        return new RedisWriters(config, UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The writer of {@code address} without AUTH: {@link #acquire(RedisAddress, RedisSecurity)}. */
    public PipelinedWriter acquire(RedisAddress address) {
        return acquire(address, RedisSecurity.NONE);
    }

    /**
     * The writer of {@code address} authenticating with {@code security}, opened now if nobody uses one; pair with
     * {@link #release}.
     */
    public synchronized PipelinedWriter acquire(RedisAddress address, RedisSecurity security) {
        if (closed) {
            throw new IllegalStateException("Redis writers are closed");
        }
        Key key = new Key(address.uri(), security);
        Shared shared = writers.get(key);
        PipelinedWriter writer = shared == null ? new PipelinedWriter(address, config, clientName, security)
                : shared.writer();
        writers.put(key, new Shared(writer, shared == null ? 1 : shared.users() + 1));
        return writer;
    }

    /** One user less; the last one closes the writer (which first sends what is queued, for at most half a second). */
    public void release(PipelinedWriter writer) {
        boolean last;
        synchronized (this) {
            Key key = new Key(writer.address(), writer.security());
            Shared shared = writers.get(key);
            if (shared == null || shared.writer() != writer) {
                return;
            }
            last = shared.users() == 1;
            if (last) {
                writers.remove(key);
            } else {
                writers.put(key, new Shared(writer, shared.users() - 1));
            }
        }
        if (last) {
            writer.close();
        }
    }

    /** Commands queued and not yet sent, over every writer. */
    public synchronized long queueDepth() {
        return writers.values().stream().mapToLong(s -> s.writer().queueDepth()).sum();
    }

    /** Closes every writer still open (each first sends what is queued, for at most half a second). */
    @Override
    public void close() {
        Map<Key, Shared> open;
        synchronized (this) {
            closed = true;
            open = Map.copyOf(writers);
            writers.clear();
        }
        open.values().forEach(s -> s.writer().close());
    }
}
