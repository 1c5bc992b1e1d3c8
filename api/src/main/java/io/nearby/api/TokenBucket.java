package io.nearby.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code capacity} tokens refilled at {@code perSecond} tokens per second, starting full.
 * Implemented as GCRA (one "theoretical arrival time" in an {@link AtomicLong}): lock-free, thread-safe and
 * allocation-free per call, so it suits per-message limits on WebSocket sessions as well as per-caller REST limits.
 *
 * <pre>{@code
 * TokenBucket bucket = new TokenBucket(20, 40, System::nanoTime); // 20/s sustained, bursts of 40
 * if (!bucket.tryTake()) { ... answer rate_limited ... }
 * }</pre>
 */
public final class TokenBucket {
    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong arrival;

    /**
     * @param perSecond sustained rate in tokens per second (> 0, at most 1e9)
     * @param capacity  largest burst (>= 1)
     * @param nanoClock monotonic nanoseconds, {@code System::nanoTime} outside tests
     */
    public TokenBucket(double perSecond, int capacity, LongSupplier nanoClock) {
        if (!(perSecond > 0) || perSecond > 1e9 || capacity < 1) {
            throw new IllegalArgumentException("need 0 < perSecond <= 1e9 and capacity >= 1");
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.burstNanos = Math.multiplyExact(intervalNanos, (long) capacity);
        this.nanoClock = nanoClock;
        this.arrival = new AtomicLong(nanoClock.getAsLong());
    }

    /** Takes one token. @return false (and takes nothing) when the bucket is empty */
    public boolean tryTake() {
        return tryTake(1);
    }

    /**
     * Takes {@code tokens} (>= 1) at once, all or nothing; more than the capacity never succeeds.
     *
     * @return false when fewer are available
     */
    public boolean tryTake(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1");
        }
        long cost = intervalNanos * tokens;
        while (true) {
            long now = nanoClock.getAsLong();
            long current = arrival.get();
            long start = current - now < 0 ? now : current;
            long next = start + cost;
            if (next - now > burstNanos) {
                return false;
            }
            if (arrival.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** @return true when the bucket is full again: forgetting it would change nothing */
    public boolean isFull() {
        return arrival.get() - nanoClock.getAsLong() <= 0;
    }
}
