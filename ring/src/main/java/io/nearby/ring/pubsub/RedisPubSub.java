package io.nearby.ring.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PubSub} over Redis nodes: every channel goes to the node its {@link ChannelRouter} names, where this process
 * holds ONE subscriber connection and a small publisher pool ({@link RedisNode}). With one node everything goes to it:
 *
 * <pre>{@code
 * try (RedisPubSub pubsub = RedisPubSub.single("redis://127.0.0.1:6379", sink, PubSubConfig.defaults())) {
 *     pubsub.subscribe(List.of("user:42")).join();   // confirmed by Redis: a publish from now on is delivered
 *     pubsub.publish("user:7", "{...}");
 * }
 * }</pre>
 *
 * <p><b>Changing the nodes (the ring's job, not done here yet).</b> The routing (router + nodes) is one immutable
 * value behind a volatile field, and each node keeps its own desired set ({@link RedisNode#channels()}), so a ring
 * change can: build the new routing (reusing the nodes that stay), compute for each old node the desired channels whose
 * owner changed, swap the routing, subscribe the moved channels on their new owner, and when that is confirmed
 * unsubscribe them from the old one and call {@link MessageSink#resubscribed}; then close the nodes that left. A
 * subscribe/unsubscribe racing the swap must be serialized with the move (e.g. a read-write lock around routing).
 *
 * <p><b>Subscription semantics.</b> A subscribe future also completes normally when its channels are unsubscribed
 * before Redis confirmed them (nothing left to wait for). When it times out the channels stay wanted: they are
 * subscribed as soon as the node is reachable, and the sink then hears {@link MessageSink#resubscribed}. A message
 * published just before an unsubscribe took effect may still reach the sink.
 *
 * <p>Thread-safe. Messages of all nodes reach the one sink, each node's on its own reader thread, so the sink must be
 * thread-safe and must not block. Futures returned by {@link #subscribe} usually complete on a reader thread: attach
 * blocking work with the {@code *Async} variants.
 */
public final class RedisPubSub implements PubSub {
    private final String processId;
    private volatile Routing routing;

    /** Which node owns which channel, and the nodes by id. Immutable. */
    private record Routing(ChannelRouter router, Map<String, RedisNode> nodes) {
        RedisNode nodeFor(String channel) {
            String id = router.nodeFor(channel);
            RedisNode node = nodes.get(id);
            if (node == null) {
                throw new IllegalStateException("router named node '" + id + "' for channel '" + channel
                        + "', not one of " + nodes.keySet());
            }
            return node;
        }
    }

    /**
     * Connects (in the background) to every node; never waits for Redis.
     *
     * @param nodeUris {@code redis://host:port} of each node, distinct; these strings are the node ids the router names
     * @param sink receives every message of every subscribed channel; thread-safe, non-blocking
     */
    public RedisPubSub(List<String> nodeUris, ChannelRouter router, MessageSink sink, PubSubConfig config) {
        if (nodeUris.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis Pub/Sub node is needed");
        }
        this.processId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, RedisNode> nodes = new LinkedHashMap<>();
        try {
            for (String uri : nodeUris) {
                RedisNode node = new RedisNode(uri, config, sink, processId);
                if (nodes.putIfAbsent(node.id(), node) != null) {
                    node.close();
                    throw new IllegalArgumentException("Redis Pub/Sub node listed twice: " + node.id());
                }
            }
        } catch (RuntimeException e) {
            nodes.values().forEach(RedisNode::close);
            throw e;
        }
        this.routing = new Routing(router, Map.copyOf(nodes));
    }

    /** Everything on one node. */
    public static RedisPubSub single(String nodeUri, MessageSink sink, PubSubConfig config) {
        return new RedisPubSub(List.of(nodeUri), ChannelRouter.single(nodeUri), sink, config);
    }

    @Override
    public CompletableFuture<Void> subscribe(Collection<String> channels) {
        Map<RedisNode, List<String>> byNode = byNode(channels);
        if (byNode.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (byNode.size() == 1) {
            Map.Entry<RedisNode, List<String>> only = byNode.entrySet().iterator().next();
            return only.getKey().subscribe(only.getValue());
        }
        return CompletableFuture.allOf(byNode.entrySet().stream()
                .map(entry -> entry.getKey().subscribe(entry.getValue())).toArray(CompletableFuture[]::new));
    }

    @Override
    public void unsubscribe(Collection<String> channels) {
        byNode(channels).forEach(RedisNode::unsubscribe);
    }

    @Override
    public long publish(String channel, String message) {
        return routing.nodeFor(channel).publish(channel, message);
    }

    @Override
    public int subscribedChannelCount() {
        return nodes().stream().mapToInt(RedisNode::subscribedChannels).sum();
    }

    /** The nodes, for per-node gauges (subscribed/confirmed channels, connected) and tests. */
    public List<RedisNode> nodes() {
        return List.copyOf(routing.nodes().values());
    }

    /** Per node: subscriber connection up or down, with a detail line. */
    public List<NodeHealth> health() {
        return nodes().stream().map(RedisNode::health).toList();
    }

    /** All nodes' subscriber connections are established. */
    public boolean connected() {
        return nodes().stream().allMatch(RedisNode::connected);
    }

    /** Names this process's connections ({@code nearby-sub-<id>}, {@code nearby-pub-<id>} in CLIENT LIST). */
    public String processId() {
        return processId;
    }

    public long messagesReceived() {
        return nodes().stream().mapToLong(RedisNode::messagesReceived).sum();
    }

    public long published() {
        return nodes().stream().mapToLong(RedisNode::published).sum();
    }

    public long publishFailures() {
        return nodes().stream().mapToLong(RedisNode::publishFailures).sum();
    }

    public long reconnects() {
        return nodes().stream().mapToLong(RedisNode::reconnects).sum();
    }

    /** Closes every node: threads stopped and connections closed within ~1 s. Idempotent. */
    @Override
    public void close() {
        nodes().forEach(RedisNode::close);
    }

    private Map<RedisNode, List<String>> byNode(Collection<String> channels) {
        Routing current = routing;
        Map<RedisNode, List<String>> byNode = new LinkedHashMap<>();
        for (String channel : channels) {
            byNode.computeIfAbsent(current.nodeFor(channel), node -> new ArrayList<>()).add(channel);
        }
        return byNode;
    }
}
