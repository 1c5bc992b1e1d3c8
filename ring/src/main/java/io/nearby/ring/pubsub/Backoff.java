package io.nearby.ring.pubsub;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter for reconnect attempts: attempt n waits a random time in
 * [d/2, d] with d = min(cap, start * 2^n), so that many servers losing the same node do not reconnect in step.
 *
 * <p>Not thread-safe: owned by one reconnect loop.
 */
public final class Backoff {
    private final long startNanos;
    private final long capNanos;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration start, Duration cap, RandomGenerator random) {
        this.startNanos = start.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the ceiling until the cap. */
    public Duration next() {
        long doubled = startNanos << Math.min(attempt, 30);
        long ceiling = doubled <= 0 ? capNanos : Math.min(capNanos, doubled);
        attempt++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** After a success: the next delay starts small again. */
    public void reset() {
        attempt = 0;
    }
}
