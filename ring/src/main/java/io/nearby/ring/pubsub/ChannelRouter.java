package io.nearby.ring.pubsub;

/**
 * Names the node that owns a channel: every subscribe and publish of the channel goes to that node. Implemented by
 * the consistent-hash ring; {@link #single} routes everything to one node.
 *
 * <p>Preconditions: pure and fast (called on every publish), thread-safe, and it answers one of the node ids
 * (the node URIs exactly as given to {@link RedisPubSub}).
 */
@FunctionalInterface
public interface ChannelRouter {
    String nodeFor(String channel);

    /** Every channel on {@code nodeUri}. */
    static ChannelRouter single(String nodeUri) {
        String node = nodeUri.trim();
        return channel -> node;
    }
}
