package io.nearby.ring.pubsub;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one {@link RedisPubSub}, shared by all its nodes — those that have left the ring included — so the
 * totals only grow (Prometheus counters) and need no adding up over nodes.
 */
final class PubSubCounters {
    final WriteTally publishes = new WriteTally();
    final LongAdder received = new LongAdder();
    final LongAdder reconnects = new LongAdder();
}
