package io.nearby.server;

import java.net.URI;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearby.ring.RingFollower;
import io.nearby.ring.RingSnapshot;
import io.nearby.ring.RingSource;
import io.nearby.ring.RingStatus;
import io.nearby.ring.pubsub.MessageSink;
import io.nearby.ring.pubsub.MoveReport;
import io.nearby.ring.pubsub.NodeHealth;
import io.nearby.ring.pubsub.PubSubConfig;
import io.nearby.ring.pubsub.RedisPubSub;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.server.config.BackendConfig;
import io.nearby.server.observe.Health;
import io.nearby.server.observe.HealthCheck;

/**
 * The sharded Pub/Sub of this server: the ring (static from NEARBY_PUBSUB_NODES, or in etcd and watched), the
 * {@link RedisPubSub} on it, and the {@link RingFollower} that moves channels when the ring changes; with their
 * health checks and meters (docs/operations.md lists them).
 *
 * <p>Health: {@code pubsub} is critical only when no node at all is connected — one dead node must not make every
 * server unready (its channels are lost until an operator replaces it in the ring); {@code pubsub-ring} (etcd) is
 * not critical: without etcd the server keeps its last ring.
 */
final class PubSubBackend implements AutoCloseable {
    private final RingSource source;
    private final RedisPubSub pubSub;
    private final RingFollower follower;

    PubSubBackend(BackendConfig config, MessageSink sink, RedisWriters writers, MeterRegistry meters, Health health) {
        List<String> nodes = config.ringNodes().stream().map(URI::toString).toList();
        this.source = RingSource.open(config.etcdEndpoints(), config.ringKey(), config.etcdAccess(), nodes,
                !config.pubsubNodes().isEmpty());
        try {
            RingSnapshot ring = source.current();
            // ring node URLs carry no credentials: every node gets the server's NEARBY_PUBSUB_* ones
            this.pubSub = new RedisPubSub(ring.ring(), sink, PubSubConfig.defaults(), writers,
                    config.pubsubSecurity());
            this.follower = new RingFollower(pubSub, ring);
            source.addListener(follower);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        health.add(HealthCheck.of("pubsub", true, this::nodesHealth));
        health.add(HealthCheck.of("pubsub-ring", false, () -> {
            RingStatus status = source.status();
            return status.reachable() ? HealthCheck.Result.up(status.detail()) : HealthCheck.Result.down(status.detail());
        }));
        bindMeters(meters);
    }

    RedisPubSub pubSub() {
        return pubSub;
    }

    private HealthCheck.Result nodesHealth() {
        List<NodeHealth> all = pubSub.health();
        List<NodeHealth> down = all.stream().filter(h -> !h.up()).toList();
        String detail = (all.size() - down.size()) + " of " + all.size() + " node(s) connected"
                + (down.isEmpty() ? "" : "; down: " + down);
        return down.size() < all.size() ? HealthCheck.Result.up(detail) : HealthCheck.Result.down(detail);
    }

    private void bindMeters(MeterRegistry meters) {
        Gauge.builder("nearby.ring.version", follower, f -> f.applied().ring().spec().version()).description("version of the ring in use").register(meters);
        Gauge.builder("nearby.ring.revision", follower, f -> f.applied().revision()).description("etcd mod revision of the ring in use").register(meters);
        Gauge.builder("nearby.ring.size", follower, f -> f.applied().ring().nodes().size()).description("Pub/Sub nodes in the ring").register(meters);
        Gauge.builder("nearby.ring.etcd.reachable", source, s -> s.status().reachable() ? 1 : 0).description("1 when etcd answers").register(meters);
        FunctionCounter.builder("nearby.ring.changes", source, s -> s.status().changesApplied()).description("ring changes applied").register(meters);
        FunctionCounter.builder("nearby.ring.rejected", source, s -> s.status().rejectedValues()).description("malformed ring values rejected").register(meters);
        FunctionCounter.builder("nearby.ring.watch.restarts", source, s -> s.status().watchRestarts()).description("etcd watch restarts").register(meters);
        FunctionCounter.builder("nearby.ring.moves", follower, RingFollower::moves).description("ring changes that moved channels").register(meters);
        FunctionCounter.builder("nearby.ring.channels.moved", follower, RingFollower::channelsMoved).description("channels moved to another node").register(meters);
        Gauge.builder("nearby.ring.last.move.seconds", follower, f -> {
            MoveReport last = f.lastMove();
            return last == null ? 0 : last.total().toNanos() / 1e9;
        }).description("duration of the last channel move").register(meters);
        FunctionCounter.builder("nearby.pubsub.reconnects", pubSub, RedisPubSub::reconnects).description("subscriber reconnections").register(meters);
        // publishing is queued per node and pipelined: published = acknowledged by Redis; failures = every message lost
        // (queue full, older than 2 s while the node was unreachable, or in a batch whose connection broke)
        FunctionCounter.builder("nearby.pubsub.published", pubSub, RedisPubSub::published).description("channel messages published (acknowledged by Redis)").register(meters);
        FunctionCounter.builder("nearby.pubsub.publish.failures", pubSub, RedisPubSub::publishFailures).description("publishes lost: queue full, node unreachable, connection broken").register(meters);
        Gauge.builder("nearby.pubsub.queue", pubSub, RedisPubSub::publishQueueDepth).description("messages queued for publishing, not yet sent").register(meters);
    }

    @Override
    public void close() {
        source.close();
        pubSub.close();
    }
}
