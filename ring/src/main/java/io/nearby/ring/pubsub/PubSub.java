package io.nearby.ring.pubsub;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Channel-level publish/subscribe over Redis Pub/Sub nodes. Each channel is owned by exactly one node
 * (one node today; the consistent-hash ring later) and every publish and subscribe of that channel goes
 * to its owner.
 *
 * <p>The process holds ONE subscriber connection per node, whatever the number of clients: the caller
 * (nearby-server's fan-out) multiplexes its local sessions over these channels and does the reference
 * counting; here, subscribing is idempotent set membership. Messages arrive at the single
 * {@link MessageSink} given at construction, on the node's reader thread: the sink must not block.
 *
 * <p>A lost subscriber connection is re-established and every channel resubscribed by itself; the sink
 * hears {@link MessageSink#resubscribed} so that callers can re-read state they may have missed.
 */
public interface PubSub extends AutoCloseable {
    /**
     * Adds channels to this process's subscriptions (idempotent, batched into as few SUBSCRIBE commands
     * as possible).
     *
     * @return completes when the owner nodes have confirmed every channel (a message published after that
     *     is delivered), or exceptionally if not confirmed within the configured timeout
     */
    CompletableFuture<Void> subscribe(Collection<String> channels);

    /** Removes channels from this process's subscriptions (idempotent, asynchronous). */
    void unsubscribe(Collection<String> channels);

    /**
     * Queues the message for publishing on the channel's owner node and returns at once: it never waits for the
     * network or for Redis, never throws for a Redis problem, and is safe from any thread. Each node has one bounded
     * queue drained in order by one connection, so messages of one channel queued by this process reach Redis in the
     * order they were queued.
     *
     * <p>Acceptance is not delivery: a queued message is still lost if the node cannot be reached before it is too old
     * to be worth sending ({@code publishMaxAge}) or if the batch carrying it fails; the implementation counts those
     * losses (for {@link RedisPubSub}: {@code publishDropped()}, {@code publishFailed()}).
     *
     * @return true if the message was accepted for publishing (queued); false if it was dropped at once because the
     *     node's queue is full or this Pub/Sub is closed (the caller may count it)
     */
    boolean publish(String channel, String message);

    /** Channels this process is subscribed to (desired state), for metrics and tests. */
    int subscribedChannelCount();

    @Override
    void close();
}
