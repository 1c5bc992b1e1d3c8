package io.nearby.ring.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Nodes that left the routing: still counted while they wait for the grace period, then their final counts are
 * kept, so that the totals stay monotonic (Prometheus counters). Guarded by its own monitor.
 */
final class RetiredNodes {
    private final List<RedisNode> leaving = new ArrayList<>();
    private long received;
    private long queued;
    private long published;
    private long dropped;
    private long failed;
    private long reconnects;

    /** Swaps the routing so that no total sees the removed nodes twice or not at all. */
    synchronized void swap(Runnable swapRouting, List<RedisNode> removed) {
        swapRouting.run();
        leaving.addAll(removed);
    }

    /** After {@code node} was closed (its counts are final). */
    synchronized void closed(RedisNode node) {
        if (leaving.remove(node)) {
            received += node.messagesReceived();
            queued += node.publishQueued();
            published += node.published();
            dropped += node.publishDropped();
            failed += node.publishFailed();
            reconnects += node.reconnects();
        }
    }

    private long total(Supplier<List<RedisNode>> current, ToLongFunction<RedisNode> counter, long closedTotal) {
        return closedTotal + current.get().stream().mapToLong(counter).sum()
                + leaving.stream().mapToLong(counter).sum();
    }

    synchronized long received(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::messagesReceived, received);
    }

    synchronized long queued(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::publishQueued, queued);
    }

    synchronized long published(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::published, published);
    }

    synchronized long dropped(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::publishDropped, dropped);
    }

    synchronized long failed(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::publishFailed, failed);
    }

    synchronized long reconnects(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::reconnects, reconnects);
    }

    /** Messages queued now on the current nodes and on those still flushing before they are closed. */
    synchronized long queueDepth(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::publishQueueDepth, 0);
    }
}
