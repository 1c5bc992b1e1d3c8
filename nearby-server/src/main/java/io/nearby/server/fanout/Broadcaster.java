package io.nearby.server.fanout;

import io.nearby.ring.pubsub.PubSub;

/**
 * Publishes channel events on the ring. {@link PubSub#publish} only queues the event for the owner node's publisher
 * (it never waits for Redis), so this never blocks a session. An event lost, whether refused at once (queue full, or
 * closed) or later (node unreachable, broken connection), is never thrown: the Pub/Sub counts it, and the meters
 * {@code nearby.pubsub.published} and {@code nearby.pubsub.publish.failures} report its totals (see PubSubBackend).
 */
public final class Broadcaster {
    private final PubSub pubSub;

    public Broadcaster(PubSub pubSub) {
        this.pubSub = pubSub;
    }

    public void publish(String channel, ChannelEvent event) {
        pubSub.publish(channel, event.encode());
    }
}
