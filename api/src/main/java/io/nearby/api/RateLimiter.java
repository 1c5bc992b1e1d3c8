package io.nearby.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a caller id, an address). The key map is bounded: when it reaches
 * {@code maxKeys}, buckets that have refilled completely (idle keys) are dropped, which changes no decision; if
 * that frees less than a tenth of the map (a flood of distinct active keys), the map is cleared, which briefly
 * grants those keys a fresh burst but keeps memory bounded. Thread-safe.
 */
public final class RateLimiter {
    /** Default bound of the key map. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final double perSecond;
    private final int burst;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond sustained rate per key
     * @param burst     bucket capacity per key
     * @param maxKeys   bound of the key map (>= 1)
     * @param nanoClock monotonic nanoseconds, {@code System::nanoTime} outside tests
     */
    public RateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanoClock) {
        new TokenBucket(perSecond, burst, nanoClock); // validates the arguments
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    /** {@code perSecond} per key with bursts of {@code burst}, on the system clock, {@link #DEFAULT_MAX_KEYS} keys. */
    public static RateLimiter create(double perSecond, int burst) {
        return new RateLimiter(perSecond, burst, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    /** Takes a token from {@code key}'s bucket. @return false when {@code key} is over its rate */
    public boolean tryAcquire(String key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                evict();
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, nanoClock));
        }
        return bucket.tryTake();
    }

    /** Number of tracked keys (for tests and metrics). */
    public int size() {
        return buckets.size();
    }

    private void evict() {
        buckets.values().removeIf(TokenBucket::isFull);
        if (buckets.size() >= maxKeys - maxKeys / 10) {
            buckets.clear();
        }
    }
}
