package io.nearby.ring.pubsub;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link PipelinedWriter}s of this process, ONE per Redis server, shared by whoever sends to it without waiting:
 * the Pub/Sub nodes (PUBLISH) and the location cache (SET/DEL). When the cache and a node are the same server — the
 * embedded default — a location's cache write and its publish go out in one pipeline, with one wake-up of one thread.
 * Writers are counted by their users: {@link #acquire} opens or shares, {@link #release} closes the last one.
 * Thread-safe.
 */
public final class RedisWriters implements AutoCloseable {
    private record Shared(PipelinedWriter writer, int users) {
    }

    private final PubSubConfig config;
    private final String clientName;
    private final Map<String, Shared> writers = new HashMap<>();
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

    /** The writer of {@code address}, opened now if nobody uses one; pair with {@link #release}. */
    public synchronized PipelinedWriter acquire(RedisAddress address) {
        if (closed) {
            throw new IllegalStateException("Redis writers are closed");
        }
        Shared shared = writers.get(address.uri());
        PipelinedWriter writer = shared == null ? new PipelinedWriter(address, config, clientName) : shared.writer();
        writers.put(address.uri(), new Shared(writer, shared == null ? 1 : shared.users() + 1));
        return writer;
    }

    /** One user less; the last one closes the writer (which first sends what is queued, for at most half a second). */
    public void release(PipelinedWriter writer) {
        boolean last;
        synchronized (this) {
            Shared shared = writers.get(writer.address());
            if (shared == null || shared.writer() != writer) {
                return;
            }
            last = shared.users() == 1;
            if (last) {
                writers.remove(writer.address());
            } else {
                writers.put(writer.address(), new Shared(writer, shared.users() - 1));
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
        Map<String, Shared> open;
        synchronized (this) {
            closed = true;
            open = Map.copyOf(writers);
            writers.clear();
        }
        open.values().forEach(s -> s.writer().close());
    }
}
