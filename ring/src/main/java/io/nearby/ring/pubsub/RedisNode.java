package io.nearby.ring.pubsub;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis Pub/Sub node as this process uses it: ONE subscriber connection (see {@link Subscriber} for its threads)
 * and ONE publisher connection behind a bounded queue (see {@link Publisher}). Subscriptions here are idempotent set
 * membership (the caller counts references); the desired set survives reconnects and is what a ring change moves
 * between nodes.
 *
 * <p>Thread-safe. Side effects: three platform daemon threads and one TCP connection from construction (made in the
 * background, retried until {@link #close}), plus the publisher connection, opened when the first message is queued.
 */
public final class RedisNode implements AutoCloseable {
    private final RedisAddress address;
    private final Publisher publisher;
    private final Subscriber subscriber;

    /**
     * @param processId names this process's connections ({@code CLIENT LIST}) and its keepalive channel
     *     {@code __nearby:proc:<processId>}
     */
    public RedisNode(RedisAddress address, PubSubConfig config, MessageSink sink, String processId) {
        this.address = address;
        this.publisher = new Publisher(address, config, "nearby-pub-" + processId);
        this.subscriber = new Subscriber(address, config, sink, keepaliveChannel(processId), "nearby-sub-" + processId,
                publisher::reset);
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

    /** See {@link PubSub#publish}: queues the message for this node's publisher thread; never blocks, never throws. */
    public boolean publish(String channel, String message) {
        return publisher.publish(channel, message);
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

    public long messagesReceived() {
        return subscriber.messagesReceived();
    }

    /** Messages accepted for publishing ({@link #publish} returned true), since start. */
    public long publishQueued() {
        return publisher.queued();
    }

    /** Messages written to this node and acknowledged by it, since start. */
    public long published() {
        return publisher.published();
    }

    /**
     * Messages never sent, since start: refused by {@link #publish} (queue full, closed), or dropped from the queue
     * because they waited longer than {@code publishMaxAge} (node unreachable) or were still queued at close.
     */
    public long publishDropped() {
        return publisher.dropped();
    }

    /** Messages lost in a pipeline that failed (connection broken, no reply within {@code socketTimeout}), since start. */
    public long publishFailed() {
        return publisher.failed();
    }

    /** Every message that will never reach the node: {@link #publishDropped()} + {@link #publishFailed()}. */
    public long publishFailures() {
        return publisher.dropped() + publisher.failed();
    }

    /** Pipelines written and answered (for the measurements in tests: published / batches is the mean batch size). */
    long publishBatches() {
        return publisher.batches();
    }

    /** Messages queued and not yet sent. */
    public int publishQueueDepth() {
        return publisher.queueDepth();
    }

    /** Times the subscriber connection was re-established after a loss. */
    public long reconnects() {
        return subscriber.health().reconnects();
    }

    /** Times the message sink threw (the message was dropped, the connection kept). */
    public long sinkFailures() {
        return subscriber.health().sinkFailures();
    }

    /** The publisher connection is open (it is opened when there is something to send). For tests. */
    boolean publisherConnected() {
        return publisher.connected();
    }

    /** {@code up}: the subscriber connection; the detail adds the publishing counts and a publisher connection failure. */
    public NodeHealth health() {
        SubscriberHealth health = subscriber.health();
        return new NodeHealth(id(), health.isUp(), health.detail(subscribedChannels(), confirmedChannels()) + "; "
                + publisher.detail());
    }

    /**
     * Sends what is already queued (for at most {@link Publisher#CLOSE_FLUSH}, the rest is dropped and counted), stops
     * the threads and closes every connection, within about a second. Idempotent.
     */
    @Override
    public void close() {
        publisher.close();
        subscriber.close();
    }

    @Override
    public String toString() {
        return "RedisNode[" + address + "]";
    }
}
