package io.nearby.server.fanout;

import java.util.concurrent.atomic.LongAdder;

import io.nearby.ring.pubsub.PubSub;

/**
 * Publishes channel events on the ring. {@link PubSub#publish} only queues the event for the owner node's publisher
 * (it never waits for Redis), so this never blocks a session; an event the queue refuses at once (full, or closed) is
 * lost and counted here, never thrown. Events lost later (node unreachable, broken connection) are counted by the
 * Pub/Sub itself: the meters {@code nearby.pubsub.published} and {@code nearby.pubsub.publish.failures} report the
 * Pub/Sub's totals (see Backends).
 */
public final class Broadcaster {
    private final PubSub pubSub;
    private final LongAdder queued = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public Broadcaster(PubSub pubSub) {
        this.pubSub = pubSub;
    }

    public void publish(String channel, ChannelEvent event) {
        if (pubSub.publish(channel, event.encode())) {
            queued.increment();
        } else {
            rejected.increment();
        }
    }

    /** Events accepted for publishing, since start. */
    public long queued() {
        return queued.sum();
    }

    /** Events dropped at once because the node's publish queue was full (or the Pub/Sub closed), since start. */
    public long rejected() {
        return rejected.sum();
    }
}
