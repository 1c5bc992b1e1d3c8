package io.nearby.ring.pubsub;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis Pub/Sub node as this process uses it: a bounded publisher pool and ONE subscriber connection (see
 * {@link Subscriber} for its threads). Subscriptions here are idempotent set membership (the caller counts
 * references); the desired set survives reconnects and is what a ring change moves between nodes.
 *
 * <p>Thread-safe. Side effects: two platform daemon threads and one TCP connection from construction (made in the
 * background, retried until {@link #close}), plus up to {@code publisherPoolSize} connections opened on demand.
 */
public final class RedisNode implements AutoCloseable {
    private final RedisAddress address;
    private final Publisher publisher;
    private final Subscriber subscriber;

    /**
     * @param processId names this process's connections ({@code CLIENT LIST}) and its keepalive channel
     *     {@code __nearby:proc:<processId>}
     */
    public RedisNode(String uri, PubSubConfig config, MessageSink sink, String processId) {
        this.address = RedisAddress.parse(uri);
        this.publisher = new Publisher(address, config, "nearby-pub-" + processId);
        this.subscriber = new Subscriber(address, config, sink, keepaliveChannel(processId), "nearby-sub-" + processId,
                publisher::reset);
    }

    /** The channel every subscriber connection of process {@code processId} subscribes first (never published on). */
    public static String keepaliveChannel(String processId) {
        return "__nearby:proc:" + processId;
    }

    /** The node's URI as given: its id for routing, metrics and health. */
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

    /** See {@link PubSub#publish}; never throws. */
    public long publish(String channel, String message) {
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

    public long published() {
        return publisher.published();
    }

    public long publishFailures() {
        return publisher.failures();
    }

    /** Times the subscriber connection was re-established after a loss. */
    public long reconnects() {
        return subscriber.health().reconnects();
    }

    /** Times the message sink threw (the message was dropped, the connection kept). */
    public long sinkFailures() {
        return subscriber.health().sinkFailures();
    }

    /** Publisher connections open now (borrowed + idle); never more than {@code publisherPoolSize}. */
    public int publisherConnections() {
        return publisher.activeConnections() + publisher.idleConnections();
    }

    public NodeHealth health() {
        SubscriberHealth health = subscriber.health();
        return new NodeHealth(id(), health.isUp(), health.detail(subscribedChannels(), confirmedChannels()));
    }

    /** Stops the subscriber threads and closes every connection, within ~1 s. Idempotent. */
    @Override
    public void close() {
        subscriber.close();
        publisher.close();
    }

    @Override
    public String toString() {
        return "RedisNode[" + address + "]";
    }
}
