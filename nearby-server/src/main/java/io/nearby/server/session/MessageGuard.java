package io.nearby.server.session;

import java.util.function.LongSupplier;

import io.nearby.api.TokenBucket;
import io.nearby.server.config.WsLimits;

/**
 * Per-connection flood and abuse limits ({@link WsLimits}): a bucket for all messages, one for location
 * updates, and a budget of violations after which the connection is closed with 1008.
 */
final class MessageGuard {
    private final TokenBucket messages;
    private final TokenBucket updates;
    private final TokenBucket violations;

    /** @param nanos a monotonic clock ({@code System::nanoTime}): a wall clock stepped back would starve the buckets */
    MessageGuard(WsLimits limits, LongSupplier nanos) {
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanos);
        this.updates = new TokenBucket(limits.updatesPerSecond(), limits.updateBurst(), nanos);
        this.violations = new TokenBucket(limits.violationsPerMinute() / 60.0, limits.violationsPerMinute(), nanos);
    }

    boolean allowMessage() {
        return messages.tryTake();
    }

    boolean allowUpdate() {
        return updates.tryTake();
    }

    /** Records a rejected message. @return true when the connection has used up its budget and must be closed */
    boolean violation() {
        return !violations.tryTake();
    }
}
