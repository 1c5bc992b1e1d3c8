package io.nearby.ring.pubsub;

import java.util.List;

/**
 * The nodes of a Pub/Sub ring and the node that owns each channel: every subscribe and publish of the channel goes to
 * that node. Implemented by the consistent-hash ring ({@code io.nearby.ring.HashRing}); one object, so that the node
 * list and the placement can never disagree.
 *
 * <p>Preconditions: pure and fast ({@link #nodeFor} is called on every publish), thread-safe; {@link #nodes()} is not
 * empty, its URIs are distinct and canonical ({@code redis://host:port}), and {@link #nodeFor} answers one of them.
 */
public interface ChannelRouter {
    String nodeFor(String channel);

    /** Every node of the ring, each exactly as {@link #nodeFor} names it. */
    List<String> nodes();
}
