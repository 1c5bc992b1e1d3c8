package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCapAndStartsOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), new Random(7));
        long[] ceilings = {50, 100, 200, 400, 800, 1600, 2000, 2000, 2000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).as("ceiling %d ms", ceiling).isBetween(ceiling / 2, ceiling);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(25L, 50L);
    }

    @Test
    void hugeStartDoesNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofDays(1), Duration.ofDays(2), new Random(1));
        for (int i = 0; i < 80; i++) {
            assertThat(backoff.next()).isPositive().isLessThanOrEqualTo(Duration.ofDays(2));
        }
    }
}
