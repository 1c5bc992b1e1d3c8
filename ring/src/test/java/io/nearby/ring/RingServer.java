package io.nearby.ring;

import io.nearby.ring.pubsub.PubSubConfig;
import io.nearby.ring.pubsub.RedisPubSub;
import java.util.Map;
import java.util.Optional;

/**
 * What nearby-server wires, without the WebSockets: an etcd ring source, the sharded Pub/Sub routed by it, the
 * follower that moves subscriptions on ring changes, and a sink that records what arrives.
 */
final class RingServer implements AutoCloseable {
    final String name;
    final EtcdRingSource source;
    final RedisPubSub pubSub;
    final RingFollower follower;
    final TrackingSink sink;

    private RingServer(String name, EtcdRingSource source, RedisPubSub pubSub, RingFollower follower, TrackingSink sink) {
        this.name = name;
        this.source = source;
        this.pubSub = pubSub;
        this.follower = follower;
        this.sink = sink;
    }

    static RingServer start(String name, EtcdSettings settings, PubSubConfig config, Map<String, Long> cache) {
        EtcdRingSource source = EtcdRingSource.start(settings, Optional.empty());
        TrackingSink sink = new TrackingSink(cache);
        RingSnapshot ring = source.current();
        RedisPubSub pubSub = new RedisPubSub(ring.ring(), sink, config);
        RingFollower follower = new RingFollower(pubSub, ring);
        source.addListener(follower);
        return new RingServer(name, source, pubSub, follower, sink);
    }

    long appliedRevision() {
        return follower.applied().revision();
    }

    @Override
    public void close() {
        source.close();
        pubSub.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
