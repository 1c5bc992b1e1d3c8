package io.nearby.ring.pubsub;

import java.util.List;
import java.util.function.Function;

/** Rings for Pub/Sub tests that need no hash ring: one node, or a given placement over given nodes. */
final class Rings {
    private Rings() {
    }

    /** Every channel on {@code nodeUri}. */
    static ChannelRouter one(String nodeUri) {
        return of(List.of(nodeUri), channel -> nodeUri);
    }

    /** {@code nodes}, and {@code owner} naming one of them for every channel. */
    static ChannelRouter of(List<String> nodes, Function<String, String> owner) {
        List<String> copy = List.copyOf(nodes);
        return new ChannelRouter() {
            @Override
            public String nodeFor(String channel) {
                return owner.apply(channel);
            }

            @Override
            public List<String> nodes() {
                return copy;
            }
        };
    }

    /** A Pub/Sub with everything on {@code nodeUri}. */
    static RedisPubSub onOne(String nodeUri, MessageSink sink, PubSubConfig config) {
        return new RedisPubSub(one(nodeUri), sink, config);
    }
}
