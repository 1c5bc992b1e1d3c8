package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void startsFullAndAllowsABurstOfCapacity() {
        TokenBucket bucket = new TokenBucket(20, 40, nanos::get);
        for (int i = 0; i < 40; i++) {
            assertThat(bucket.tryTake()).as("token %d", i).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void refillsAtTheSustainedRate() {
        TokenBucket bucket = new TokenBucket(20, 40, nanos::get);
        while (bucket.tryTake()) {
            // drain
        }
        nanos.addAndGet(49_000_000L);
        assertThat(bucket.tryTake()).as("49 ms < one token interval").isFalse();
        nanos.addAndGet(1_000_000L);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        nanos.addAndGet(1_000_000_000L);
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).as("one second refills 20").isEqualTo(20);
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 5, nanos::get);
        nanos.addAndGet(3_600_000_000_000L);
        assertThat(bucket.isFull()).isTrue();
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(5);
        assertThat(bucket.isFull()).isFalse();
    }

    @Test
    void takesSeveralTokensAllOrNothing() {
        TokenBucket bucket = new TokenBucket(1, 3, nanos::get);
        assertThat(bucket.tryTake(2)).isTrue();
        assertThat(bucket.tryTake(2)).isFalse();
        assertThat(bucket.tryTake(1)).isTrue();
        assertThat(bucket.tryTake(4)).isFalse();
    }

    @Test
    void isThreadSafe() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(1, 1000, nanos::get);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 500; i++) {
                    if (bucket.tryTake()) {
                        granted.incrementAndGet();
                    }
                }
            });
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(granted.get()).isEqualTo(1000);
    }
}
