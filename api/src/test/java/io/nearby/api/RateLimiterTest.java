package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong();

    @Test
    void limitsEachKeyOnItsOwn() {
        RateLimiter limiter = new RateLimiter(1, 2, 100, nanos::get);
        assertThat(limiter.tryAcquire("alice")).isTrue();
        assertThat(limiter.tryAcquire("alice")).isTrue();
        assertThat(limiter.tryAcquire("alice")).isFalse();
        assertThat(limiter.tryAcquire("bob")).isTrue();
        nanos.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire("alice")).isTrue();
    }

    @Test
    void evictsIdleKeysToStayBounded() {
        RateLimiter limiter = new RateLimiter(1, 1, 10, nanos::get);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("user" + i);
        }
        nanos.addAndGet(2_000_000_000L); // all buckets refilled: idle
        assertThat(limiter.tryAcquire("alice")).isTrue();
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void staysBoundedUnderAFloodOfActiveKeys() {
        RateLimiter limiter = new RateLimiter(1, 1, 100, nanos::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("user" + i);
            assertThat(limiter.size()).isLessThanOrEqualTo(100);
        }
    }
}
