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
     * Publishes on the channel's owner node. Blocking (one round trip on a pooled connection); safe from
     * any thread.
     *
     * @return number of subscriber connections that received it, or -1 if the node is unreachable
     *     (the message is lost; the caller counts it)
     */
    long publish(String channel, String message);

    /** Channels this process is subscribed to (desired state), for metrics and tests. */
    int subscribedChannelCount();

    @Override
    void close();
}
