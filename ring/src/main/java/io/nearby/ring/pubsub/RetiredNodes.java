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
    private long published;
    private long publishFailures;
    private long reconnects;

    /** Swaps the routing so that no total sees the removed nodes twice or not at all. */
    synchronized void swap(Runnable swapRouting, List<RedisNode> removed) {
        swapRouting.run();
        leaving.addAll(removed);
    }

    synchronized void closed(RedisNode node) {
        if (leaving.remove(node)) {
            received += node.messagesReceived();
            published += node.published();
            publishFailures += node.publishFailures();
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

    synchronized long published(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::published, published);
    }

    synchronized long publishFailures(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::publishFailures, publishFailures);
    }

    synchronized long reconnects(Supplier<List<RedisNode>> current) {
        return total(current, RedisNode::reconnects, reconnects);
    }
}
