package io.nearby.ring.pubsub;

import java.time.Duration;

/**
 * Tuning of the Redis Pub/Sub client, the same for every node. Defaults are in {@link #defaults()}; a test or the
 * server's typed configuration overrides single values with the {@code with…} methods.
 *
 * @param publisherPoolSize connections per node for PUBLISH (bounded: never grows with clients); also the maximum
 *     number of concurrent publishes per node, further publishers wait up to {@code connectTimeout} for one
 * @param connectTimeout TCP connect timeout, for the subscriber and the publishers
 * @param socketTimeout read timeout of a publish (and of the subscriber's handshake)
 * @param subscribeTimeout how long a {@code subscribe} future waits for the node's confirmation
 * @param pingInterval PING period on the subscriber connection
 * @param pongTimeout extra silence tolerated after a PING; the subscriber connection is dropped (half-open) when
 *     nothing at all arrives for {@code pingInterval + pongTimeout}
 * @param batchSize maximum channels in one SUBSCRIBE or UNSUBSCRIBE command
 * @param reconnectBackoffStart first delay before reconnecting a lost subscriber connection
 * @param reconnectBackoffCap longest delay between reconnect attempts (the delay doubles up to it, with jitter)
 * @param publishFailFast after a node refused a connection, publishes to it fail at once for this long
 * @param moveGrace after a ring change moved channels to a new owner (and it confirmed them), how long the old owner
 *     stays subscribed too, so that messages from servers that have not yet applied the change (still publishing to
 *     the old owner) are still received; 0 unsubscribes at once
 */
public record PubSubConfig(int publisherPoolSize, Duration connectTimeout, Duration socketTimeout,
        Duration subscribeTimeout, Duration pingInterval, Duration pongTimeout, int batchSize,
        Duration reconnectBackoffStart, Duration reconnectBackoffCap, Duration publishFailFast,
        Duration moveGrace) {

    public PubSubConfig {
        if (publisherPoolSize < 1) {
            throw new IllegalArgumentException("publisherPoolSize must be >= 1, got " + publisherPoolSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        positive("connectTimeout", connectTimeout);
        positive("socketTimeout", socketTimeout);
        positive("subscribeTimeout", subscribeTimeout);
        positive("pingInterval", pingInterval);
        positive("pongTimeout", pongTimeout);
        positive("reconnectBackoffStart", reconnectBackoffStart);
        positive("reconnectBackoffCap", reconnectBackoffCap);
        if (publishFailFast == null || publishFailFast.isNegative()) {
            throw new IllegalArgumentException("publishFailFast must be >= 0, got " + publishFailFast);
        }
        if (moveGrace == null || moveGrace.isNegative()) {
            throw new IllegalArgumentException("moveGrace must be >= 0, got " + moveGrace);
        }
        if (reconnectBackoffCap.compareTo(reconnectBackoffStart) < 0) {
            throw new IllegalArgumentException("reconnectBackoffCap " + reconnectBackoffCap
                    + " is shorter than reconnectBackoffStart " + reconnectBackoffStart);
        }
    }

    /**
     * 8 publishers, 1 s connect / 2 s read, 5 s subscribe confirmation, PING every 5 s (+3 s), 1,000 per batch, old owner
     * kept 2 s after a move.
     */
    public static PubSubConfig defaults() {
        return new PubSubConfig(8, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(3), 1_000, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    public PubSubConfig withPublisherPoolSize(int size) {
        return new PubSubConfig(size, connectTimeout, socketTimeout, subscribeTimeout, pingInterval, pongTimeout,
                batchSize, reconnectBackoffStart, reconnectBackoffCap, publishFailFast, moveGrace);
    }

    public PubSubConfig withSubscribeTimeout(Duration timeout) {
        return new PubSubConfig(publisherPoolSize, connectTimeout, socketTimeout, timeout, pingInterval, pongTimeout,
                batchSize, reconnectBackoffStart, reconnectBackoffCap, publishFailFast, moveGrace);
    }

    public PubSubConfig withPing(Duration interval, Duration timeout) {
        return new PubSubConfig(publisherPoolSize, connectTimeout, socketTimeout, subscribeTimeout, interval, timeout,
                batchSize, reconnectBackoffStart, reconnectBackoffCap, publishFailFast, moveGrace);
    }

    public PubSubConfig withBatchSize(int size) {
        return new PubSubConfig(publisherPoolSize, connectTimeout, socketTimeout, subscribeTimeout, pingInterval,
                pongTimeout, size, reconnectBackoffStart, reconnectBackoffCap, publishFailFast, moveGrace);
    }

    public PubSubConfig withMoveGrace(Duration grace) {
        return new PubSubConfig(publisherPoolSize, connectTimeout, socketTimeout, subscribeTimeout, pingInterval,
                pongTimeout, batchSize, reconnectBackoffStart, reconnectBackoffCap, publishFailFast, grace);
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
