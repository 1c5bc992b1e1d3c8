package io.nearby.ring.pubsub;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis Pub/Sub node as this process uses it: ONE subscriber connection (see {@link Subscriber} for its threads)
 * and the server's ONE {@link PipelinedWriter} for PUBLISH (shared through {@link RedisWriters} with anything else
 * this process writes to that server). Subscriptions here are idempotent set membership (the caller counts
 * references); the desired set survives reconnects and is what a ring change moves between nodes.
 *
 * <p>Thread-safe. Side effects: two platform daemon threads and one TCP connection from construction (made in the
 * background, retried until {@link #close}), plus the writer's thread and connection (shared).
 */
public final class RedisNode implements AutoCloseable {
    private final RedisAddress address;
    private final RedisWriters writers;
    private final PipelinedWriter writer;
    private final WriteTally publishes;
    private final Subscriber subscriber;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param processId names this process's connections ({@code CLIENT LIST}) and its keepalive channel
     *     {@code __nearby:proc:<processId>}
     */
    RedisNode(RedisAddress address, PubSubConfig config, MessageSink sink, String processId, RedisWriters writers,
            PubSubCounters counters) {
        this.address = address;
        this.writers = writers;
        this.writer = writers.acquire(address);
        this.publishes = counters.publishes;
        this.subscriber = new Subscriber(address, config, sink, keepaliveChannel(processId), "nearby-sub-" + processId,
                writer::reset, counters);
    }

    /** The channel every subscriber connection of process {@code processId} subscribes first (never published on). */
    public static String keepaliveChannel(String processId) {
        return "__nearby:proc:" + processId;
    }

    /** The node's canonical URI ({@link RedisAddress#uri()}): its id for routing, metrics and health. */
    public String id() {
        return address.uri();
    }

    /** See {@link PubSub#subscribe}. */
    public CompletableFuture<Void> subscribe(Collection<String> channels) {
        return subscriber.desk().subscribe(channels);
    }

    /** See {@link PubSub#unsubscribe}. */
    public void unsubscribe(Collection<String> channels) {
        subscriber.desk().unsubscribe(channels);
    }

    /** See {@link PubSub#publish}: queues the message on this server's writer; never blocks, never throws. */
    public boolean publish(String channel, String message) {
        return writer.submit(new RedisCommand.Publish(channel, message), publishes);
    }

    /** The desired channels (a copy), e.g. to move them to another node. */
    public Set<String> channels() {
        return subscriber.desk().desiredChannels();
    }

    /** Channels wanted on this node (desired state, excluding the keepalive channel). */
    public int subscribedChannels() {
        return subscriber.desk().desiredCount();
    }

    /** Channels Redis has confirmed on the current subscriber connection; equals the desired count when in sync. */
    public int confirmedChannels() {
        return subscriber.desk().confirmedCount();
    }

    /** The subscriber connection is established. */
    public boolean connected() {
        return subscriber.health().isUp();
    }

    /** Times the message sink threw (the message was dropped, the connection kept). */
    public long sinkFailures() {
        return subscriber.health().sinkFailures();
    }

    /** The writer of this node's server (for tests: its queue and batches). */
    PipelinedWriter writer() {
        return writer;
    }

    /** {@code up}: the subscriber connection; the detail adds the writer's queue and a writer connection failure. */
    public NodeHealth health() {
        return new NodeHealth(id(), subscriber.health().isUp(),
                subscriber.health().detail(subscribedChannels(), confirmedChannels()) + "; " + writer.detail());
    }

    /**
     * Stops the subscriber and releases the writer (the last user closes it: what is queued is sent for at most
     * {@link PipelinedWriter#CLOSE_FLUSH}, the rest dropped and counted), within about a second. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writers.release(writer);
        }
        subscriber.close();
    }

    @Override
    public String toString() {
        return "RedisNode[" + address + "]";
    }
}
