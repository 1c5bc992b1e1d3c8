package io.nearby.ring.pubsub;

import java.time.Duration;

/** {@link PubSubConfig#defaults()} with some values changed, for tests: {@code Tuning.defaults().ping(a, b).build()}. */
final class Tuning {
    private final PubSubConfig d = PubSubConfig.defaults();
    private Duration subscribeTimeout = d.subscribeTimeout();
    private Duration pingInterval = d.pingInterval();
    private Duration pongTimeout = d.pongTimeout();
    private int batchSize = d.batchSize();
    private Duration moveGrace = d.moveGrace();
    private int publishQueueCapacity = d.publishQueueCapacity();
    private int publishBatchSize = d.publishBatchSize();
    private Duration publishMaxAge = d.publishMaxAge();

    static Tuning defaults() {
        return new Tuning();
    }

    Tuning subscribeTimeout(Duration timeout) {
        subscribeTimeout = timeout;
        return this;
    }

    Tuning ping(Duration interval, Duration timeout) {
        pingInterval = interval;
        pongTimeout = timeout;
        return this;
    }

    Tuning batchSize(int size) {
        batchSize = size;
        return this;
    }

    Tuning moveGrace(Duration grace) {
        moveGrace = grace;
        return this;
    }

    /** Queue capacity per node, messages per pipeline, and the age after which a queued message is dropped. */
    Tuning publishing(int queueCapacity, int batch, Duration maxAge) {
        publishQueueCapacity = queueCapacity;
        publishBatchSize = batch;
        publishMaxAge = maxAge;
        return this;
    }

    PubSubConfig build() {
        return new PubSubConfig(d.connectTimeout(), d.socketTimeout(), subscribeTimeout, pingInterval, pongTimeout,
                batchSize, d.reconnectBackoffStart(), d.reconnectBackoffCap(), moveGrace, publishQueueCapacity,
                publishBatchSize, publishMaxAge);
    }
}
