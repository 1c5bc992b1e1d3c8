package io.nearby.ring.pubsub;

import java.time.Duration;

/**
 * Tuning of the Redis Pub/Sub client, the same for every node. The server runs on {@link #defaults()}; tests build
 * other values with the canonical constructor.
 *
 * @param connectTimeout TCP connect timeout, for the subscriber and the publisher connection
 * @param socketTimeout read timeout of a pipelined publish batch (and of the subscriber's handshake): a node that does
 *     not answer a batch within it loses that batch and the publisher connection is replaced
 * @param subscribeTimeout how long a {@code subscribe} future waits for the node's confirmation
 * @param pingInterval PING period on the subscriber connection
 * @param pongTimeout extra silence tolerated after a PING; the subscriber connection is dropped (half-open) when
 *     nothing at all arrives for {@code pingInterval + pongTimeout}
 * @param batchSize maximum channels in one SUBSCRIBE or UNSUBSCRIBE command
 * @param reconnectBackoffStart first delay before reconnecting a lost subscriber or publisher connection
 * @param reconnectBackoffCap longest delay between reconnect attempts (the delay doubles up to it, with jitter)
 * @param moveGrace after a ring change moved channels to a new owner (and it confirmed them), how long the old owner
 *     stays subscribed too, so that messages from servers that have not yet applied the change (still publishing to
 *     the old owner) are still received; 0 unsubscribes at once
 * @param publishQueueCapacity messages waiting to be published, per node, at most; a publish finding the queue full
 *     is dropped at once (and counted)
 * @param publishBatchSize messages the node's publisher thread writes in one pipeline, at most
 * @param publishMaxAge a queued message still unsent after this long (the node is down or unreachable) is dropped
 *     instead of being sent late: a stale location is worse than none
 */
public record PubSubConfig(Duration connectTimeout, Duration socketTimeout, Duration subscribeTimeout,
        Duration pingInterval, Duration pongTimeout, int batchSize, Duration reconnectBackoffStart,
        Duration reconnectBackoffCap, Duration moveGrace, int publishQueueCapacity, int publishBatchSize,
        Duration publishMaxAge) {

    public PubSubConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (publishQueueCapacity < 1) {
            throw new IllegalArgumentException("publishQueueCapacity must be >= 1, got " + publishQueueCapacity);
        }
        if (publishBatchSize < 1) {
            throw new IllegalArgumentException("publishBatchSize must be >= 1, got " + publishBatchSize);
        }
        positive("connectTimeout", connectTimeout);
        positive("socketTimeout", socketTimeout);
        positive("subscribeTimeout", subscribeTimeout);
        positive("pingInterval", pingInterval);
        positive("pongTimeout", pongTimeout);
        positive("reconnectBackoffStart", reconnectBackoffStart);
        positive("reconnectBackoffCap", reconnectBackoffCap);
        positive("publishMaxAge", publishMaxAge);
        if (moveGrace == null || moveGrace.isNegative()) {
            throw new IllegalArgumentException("moveGrace must be >= 0, got " + moveGrace);
        }
        if (reconnectBackoffCap.compareTo(reconnectBackoffStart) < 0) {
            throw new IllegalArgumentException("reconnectBackoffCap " + reconnectBackoffCap
                    + " is shorter than reconnectBackoffStart " + reconnectBackoffStart);
        }
    }

    /**
     * 1 s connect / 2 s read, 5 s subscribe confirmation, PING every 5 s (+3 s), 1,000 channels per SUBSCRIBE, reconnect
     * backoff 50 ms doubling to 2 s, old owner kept 2 s after a move; publishing: up to 100,000 queued messages per
     * node, written 1,000 per pipeline, dropped when older than 2 s.
     */
    public static PubSubConfig defaults() {
        return new PubSubConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(3), 1_000, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 100_000, 1_000, Duration.ofSeconds(2));
    }

    /**
     * Connections per node used for PUBLISH: always 1, the node's publisher thread's own (publishes are queued and
     * pipelined on it, whatever the number of publishing threads).
     */
    public int publisherConnections() {
        return 1;
    }

    /** Silence after which the subscriber connection counts as dead: {@code pingInterval + pongTimeout}. */
    Duration silenceTimeout() {
        return pingInterval.plus(pongTimeout);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
