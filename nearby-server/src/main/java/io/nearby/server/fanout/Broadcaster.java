package io.nearby.server.fanout;

import java.util.concurrent.atomic.LongAdder;

import io.nearby.ring.pubsub.PubSub;

/** Publishes channel events on the ring. A node that cannot be reached loses the event; it is counted, never thrown. */
public final class Broadcaster {
    private final PubSub pubSub;
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public Broadcaster(PubSub pubSub) {
        this.pubSub = pubSub;
    }

    public void publish(String channel, ChannelEvent event) {
        if (pubSub.publish(channel, event.encode()) < 0) {
            failed.increment();
        } else {
            published.increment();
        }
    }

    public long published() {
        return published.sum();
    }

    public long failed() {
        return failed.sum();
    }
}
