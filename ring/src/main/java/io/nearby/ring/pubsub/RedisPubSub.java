package io.nearby.ring.pubsub;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link PubSub} over Redis nodes: every channel goes to the node its {@link ChannelRouter} names, where this process
 * holds ONE subscriber connection and ONE pipelined publisher connection fed by a bounded queue ({@link RedisNode}).
 * For example:
 *
 * <pre>{@code
 * try (RedisPubSub pubsub = new RedisPubSub(ring, sink, PubSubConfig.defaults())) {   // ring: a HashRing
 *     pubsub.subscribe(List.of("user:42")).join();   // confirmed by Redis: a publish from now on is delivered
 *     pubsub.publish("user:7", "{...}");               // queued at once; the node's publisher thread sends it
 * }
 * }</pre>
 *
 * <p><b>Changing the nodes: {@link #reroute}.</b> The routing (the ring and a connection set per node) is one immutable value behind a
 * volatile field; each node keeps its own desired channel set ({@link RedisNode#channels()}). A ring change moves
 * exactly the subscribed channels whose owner changed, without touching client connections:
 * <ol>
 *   <li>connect the nodes that are new (in the background, as at construction);</li>
 *   <li>under the routing <b>write</b> lock, briefly: find in every node's desired set the channels whose owner
 *       changes, add them to their new owners' desired sets (the SUBSCRIBEs go out at once), and swap the routing —
 *       from here every publish is queued on the new owner, while the old owner's publisher thread goes on sending
 *       what it had already queued (in order, within milliseconds normally);</li>
 *   <li>without any lock: wait until the new owners confirm (at most {@code subscribeTimeout}), then tell the sink
 *       {@link MessageSink#resubscribed} for the moved channels, so callers re-read what they may have missed while a
 *       channel was between owners (the location cache);</li>
 *   <li>keep the old owners subscribed for {@code moveGrace} (servers that apply the change a little later still
 *       publish there), then unsubscribe the moved channels from them, and close the nodes that left the ring (a
 *       closing node first sends what is still queued on it, for at most half a second).</li>
 * </ol>
 * Publishes of one channel stay in order on each node (one queue, one connection, in order). Across the switch, a
 * message queued on the old owner just before it and one queued on the new owner just after it travel over different
 * nodes and subscriber connections, so their arrival order is not guaranteed (it was not with blocking publishes
 * either: two subscriber connections are read by two threads).
 * A dead node never blocks this: its unsubscribes only change a desired set, its confirmations are never awaited,
 * and closing it takes at most about a second. Moves are serialized; one that arrives during another waits for it.
 *
 * <p><b>Locking.</b> {@link #subscribe} and {@link #unsubscribe} route and update the node's desired set under the
 * routing <b>read</b> lock: non-blocking work (the Redis round trips happen later on the node's writer thread), so
 * many callers proceed at once and a move waits at most for these short sections. This is what makes a call racing a
 * move correct: it lands either before the move's snapshot of the desired sets (and is moved with them) or after the
 * swap (and goes to the new owner) — never on an old owner after its channels were collected, where it would be
 * stranded. {@link #publish} takes no routing lock: one volatile read of the routing, then an offer to the owner's
 * queue (lock-free), never a network round trip. The returned futures never hold a lock while waiting.
 *
 * <p><b>Subscription semantics.</b> A subscribe future also completes normally when its channels are unsubscribed
 * before Redis confirmed them (nothing left to wait for). When it times out the channels stay wanted: they are
 * subscribed as soon as the node is reachable, and the sink then hears {@link MessageSink#resubscribed}. A message
 * published just before an unsubscribe took effect may still reach the sink; during a move's grace period a channel
 * is subscribed on two nodes (a message published to either is received once).
 *
 * <p>Thread-safe. Messages of all nodes reach the one sink, each node's on its own reader thread, so the sink must be
 * thread-safe and must not block. Futures returned by {@link #subscribe} usually complete on a reader thread: attach
 * blocking work with the {@code *Async} variants.
 */
public final class RedisPubSub implements PubSub {
    private static final System.Logger LOG = System.getLogger(RedisPubSub.class.getName());

    private final String processId;
    private final MessageSink sink;
    private final PubSubConfig config;
    private final ReentrantReadWriteLock routingLock = new ReentrantReadWriteLock();
    private final ReentrantLock moving = new ReentrantLock();
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private final PubSubCounters counters = new PubSubCounters();
    private final RedisWriters writers;
    private final boolean ownsWriters;
    private final RedisSecurity security;
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
     * @param ring the nodes ({@link ChannelRouter#nodes()}: each in the canonical form {@code redis://host:port} of
     *     {@link RedisAddress}, distinct; these strings are the node ids) and the owner of every channel
     * @throws IllegalArgumentException if a node URI is invalid, not canonical or listed twice
     * @param sink receives every message of every subscribed channel; thread-safe, non-blocking
     */
    public RedisPubSub(ChannelRouter ring, MessageSink sink, PubSubConfig config) {
        this(ring, sink, config, null);
    }

    /**
     * @param writers the process's Redis writers, shared with other users of the same servers (the location cache);
     *     null: this Pub/Sub opens its own and closes them with itself
     */
    public RedisPubSub(ChannelRouter ring, MessageSink sink, PubSubConfig config, RedisWriters writers) {
        this(ring, sink, config, writers, RedisSecurity.NONE);
    }

    /**
     * @param security AUTH and TLS trust for every node (ring node URLs carry no credentials: the server's
     *     environment does, the same for all nodes); applied on every connection and reconnection
     */
    public RedisPubSub(ChannelRouter ring, MessageSink sink, PubSubConfig config, RedisWriters writers,
            RedisSecurity security) {
        this.security = security;
        if (ring.nodes().isEmpty()) {
            throw new IllegalArgumentException("at least one Redis Pub/Sub node is needed");
        }
        this.processId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.sink = sink;
        this.config = config;
        this.ownsWriters = writers == null;
        this.writers = writers != null ? writers : new RedisWriters(config, processId);
        this.routing = new Routing(ring, connect(ring.nodes(), Map.of(), new ArrayList<>()));
    }

    @Override
    public CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(1);
        routingLock.readLock().lock();
        try {
            byNode(channels).forEach((node, some) -> futures.add(node.subscribe(some)));
        } finally {
            routingLock.readLock().unlock();
        }
        return switch (futures.size()) {
            case 0 -> CompletableFuture.completedFuture(null);
            case 1 -> futures.getFirst();
            default -> CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        };
    }

    @Override
    public void unsubscribe(Collection<String> channels) {
        routingLock.readLock().lock();
        try {
            byNode(channels).forEach(RedisNode::unsubscribe);
        } finally {
            routingLock.readLock().unlock();
        }
    }

    @Override
    public boolean publish(String channel, String message) {
        return routing.nodeFor(channel).publish(channel, message);
    }

    /**
     * Moves to new nodes and/or a new router (a ring change): see the class comment for the steps. Blocks for at most
     * about {@code subscribeTimeout + moveGrace} plus a second per closed node; meant for the ring source's notifier
     * thread. Returns at once if nothing would move and the nodes are the same.
     *
     * @param ring the new ring: its nodes, distinct (nodes already connected are kept: same URI string), and the
     *     owner, one of them, of every channel
     * @throws IllegalArgumentException if a node URI is invalid, not canonical or listed twice (nothing changed)
     * @throws IllegalStateException if the ring names an owner not among its nodes (nothing changed) or this is
     *     closed
     */
    public MoveReport reroute(ChannelRouter ring) {
        return reroute(ring, () -> { });
    }

    /**
     * {@link #reroute(ChannelRouter)}, calling {@code onSwitched} on this thread right after publishes started
     * going to the new owners (before the confirmations and the grace period), e.g. to report the ring version in use.
     */
    public MoveReport reroute(ChannelRouter ring, Runnable onSwitched) {
        if (ring.nodes().isEmpty()) {
            throw new IllegalArgumentException("at least one Redis Pub/Sub node is needed");
        }
        moving.lock();
        try {
            if (closing.isDone()) {
                throw new IllegalStateException("Pub/Sub is closed");
            }
            return move(ring, onSwitched);
        } finally {
            moving.unlock();
        }
    }

    /** Precondition: {@code moving} held. */
    private MoveReport move(ChannelRouter ring, Runnable onSwitched) {
        long start = System.nanoTime();
        Routing old = routing;
        List<String> added = new ArrayList<>();
        Routing next = new Routing(ring, connect(ring.nodes(), old.nodes(), added));
        Map<RedisNode, Set<String>> leaving = new LinkedHashMap<>();
        Map<RedisNode, List<String>> arriving = new LinkedHashMap<>();
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        List<RedisNode> removed = old.nodes().values().stream().filter(n -> next.nodes().get(n.id()) != n).toList();
        int kept = 0;
        routingLock.writeLock().lock();
        try {
            for (RedisNode node : old.nodes().values()) {
                for (String channel : node.channels()) {
                    RedisNode owner = next.nodeFor(channel);
                    if (owner == node) {
                        kept++;
                    } else {
                        leaving.computeIfAbsent(node, n -> new LinkedHashSet<>()).add(channel);
                        arriving.computeIfAbsent(owner, n -> new ArrayList<>()).add(channel);
                    }
                }
            }
            arriving.forEach((node, channels) -> confirmations.add(node.subscribe(channels)));
            routing = next;
        } catch (RuntimeException e) {
            added.forEach(id -> next.nodes().get(id).close());
            throw e;
        } finally {
            routingLock.writeLock().unlock();
        }
        long switched = System.nanoTime();
        try {
            onSwitched.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "onSwitched callback failed; the move goes on", e);
        }
        if (arriving.isEmpty() && added.isEmpty() && removed.isEmpty()) {
            return MoveReport.none(kept);
        }

        boolean allConfirmed = awaitConfirmations(confirmations);
        long confirmed = System.nanoTime();
        int moved = arriving.values().stream().mapToInt(List::size).sum();
        notifyMoved(arriving);

        if (!leaving.isEmpty()) {
            waitOrClosing(config.moveGrace());
        }
        leaving.forEach((node, channels) -> {
            if (next.nodes().get(node.id()) == node) {
                node.unsubscribe(channels);
            }
        });
        removed.forEach(RedisNode::close);
        MoveReport report = new MoveReport(moved, kept, List.copyOf(added),
                removed.stream().map(RedisNode::id).toList(), Duration.ofNanos(switched - start),
                Duration.ofNanos(confirmed - switched), allConfirmed, Duration.ofNanos(System.nanoTime() - start));
        LOG.log(Level.INFO, () -> "Pub/Sub nodes changed: moved " + report.channelsMoved() + " channels (kept "
                + report.channelsKept() + "), added " + report.nodesAdded() + ", removed " + report.nodesRemoved()
                + "; routing switched in " + report.switched().toMillis() + " ms, new owners confirmed "
                + (report.allConfirmed() ? "in " + report.confirmed().toMillis() + " ms" : "NOT all within "
                + config.subscribeTimeout().toMillis() + " ms") + ", done in " + report.total().toMillis() + " ms");
        return report;
    }

    /** Desired channels over the current nodes; during a move's grace period a moved channel counts on both owners. */
    @Override
    public int subscribedChannelCount() {
        return nodes().stream().mapToInt(RedisNode::subscribedChannels).sum();
    }

    /** The nodes of the current routing, for per-node gauges (subscribed/confirmed channels, connected) and tests. */
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

    // Totals since start, nodes that have left the ring included: monotonic.

    public long messagesReceived() {
        return counters.received.sum();
    }

    /** Messages accepted for publishing ({@link #publish} returned true). */
    public long publishQueued() {
        return counters.publishes.accepted();
    }

    /** Messages written to their node and acknowledged by it. */
    public long published() {
        return counters.publishes.written();
    }

    /**
     * Messages never sent: refused by {@link #publish} (queue full, or closed), or dropped from a queue because they
     * waited longer than {@code publishMaxAge} (node unreachable) or were still queued when their node was closed.
     */
    public long publishDropped() {
        return counters.publishes.dropped();
    }

    /** Messages lost in a pipeline that failed (node down, connection broken, no reply within {@code socketTimeout}). */
    public long publishFailed() {
        return counters.publishes.failed();
    }

    /** Every message that did not and will not reach its node: {@link #publishDropped()} + {@link #publishFailed()}. */
    public long publishFailures() {
        return counters.publishes.failures();
    }

    /** Commands (publishes, and cache writes sharing a server's writer) queued and not yet sent, over all writers. */
    public long publishQueueDepth() {
        return writers.queueDepth();
    }

    public long reconnects() {
        return counters.reconnects.sum();
    }

    /**
     * Closes every node: threads stopped and connections closed within ~1 s (a move in progress is cut short: its
     * waits end at once and it closes what it created). Idempotent.
     */
    @Override
    public void close() {
        closing.complete(null);
        moving.lock();
        try {
            nodes().forEach(RedisNode::close);
            if (ownsWriters) {
                writers.close();
            }
        } finally {
            moving.unlock();
        }
    }

    /** Precondition: routing lock held (either mode). */
    private Map<RedisNode, List<String>> byNode(Collection<String> channels) {
        Routing current = routing;
        Map<RedisNode, List<String>> byNode = new LinkedHashMap<>();
        for (String channel : channels) {
            byNode.computeIfAbsent(current.nodeFor(channel), node -> new ArrayList<>()).add(channel);
        }
        return byNode;
    }

    /** The nodes for {@code uris}: those in {@code existing} reused, others created (their ids added to {@code added}). */
    private Map<String, RedisNode> connect(List<String> uris, Map<String, RedisNode> existing, List<String> added) {
        Map<String, RedisNode> nodes = new LinkedHashMap<>();
        try {
            for (String uri : uris) {
                RedisAddress address = RedisAddress.parse(uri);
                String id = address.uri();
                if (!id.equals(uri.trim())) {
                    throw new IllegalArgumentException("Redis Pub/Sub node '" + uri.trim() + "' is not in canonical form"
                            + " (the router names nodes by their ids): write " + id);
                }
                if (nodes.containsKey(id)) {
                    throw new IllegalArgumentException("Redis Pub/Sub node listed twice: " + id);
                }
                RedisNode node = existing.get(id);
                if (node == null) {
                    node = new RedisNode(address, config, sink, processId, writers, counters, security);
                    added.add(id);
                }
                nodes.put(id, node);
            }
        } catch (RuntimeException e) {
            added.forEach(id -> nodes.get(id).close());
            added.clear();
            throw e;
        }
        return Map.copyOf(nodes);
    }

    private boolean awaitConfirmations(List<CompletableFuture<Void>> confirmations) {
        if (confirmations.isEmpty()) {
            return true;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(all, closing).get(config.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return all.isDone() && !all.isCompletedExceptionally();
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Tells the sink about the moved channels still wanted on their new owner. */
    private void notifyMoved(Map<RedisNode, List<String>> arriving) {
        Set<String> wanted = new HashSet<>();
        arriving.forEach((owner, channels) -> {
            Set<String> desired = owner.channels();
            channels.stream().filter(desired::contains).forEach(wanted::add);
        });
        if (wanted.isEmpty()) {
            return;
        }
        try {
            sink.resubscribed(Set.copyOf(wanted));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "message sink failed on resubscribed after a ring change", e);
        }
    }

    private void waitOrClosing(Duration grace) {
        if (grace.isZero()) {
            return;
        }
        try {
            closing.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the grace period is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
