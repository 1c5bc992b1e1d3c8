package io.nearby.server.observe;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundCheckTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void answersWithTheLatestCompletedProbeWithoutRunningIt() {
        AtomicReference<HealthCheck.Result> answer = new AtomicReference<>(HealthCheck.Result.up("fine"));
        try (BackgroundCheck check = new BackgroundCheck("db", true, answer::get, Duration.ofSeconds(1), Duration.ofSeconds(15), now::get, false)) {
            assertThat(check.check().up()).as("probed once at construction").isTrue();
            answer.set(HealthCheck.Result.down("gone"));
            assertThat(check.check().up()).as("not probed by check()").isTrue();
            check.probeOnce();
            assertThat(check.check()).isEqualTo(HealthCheck.Result.down("gone"));
            assertThat(check.name()).isEqualTo("db");
            assertThat(check.critical()).isTrue();
        }
    }

    @Test
    void aProbeThatThrowsIsDown() {
        try (BackgroundCheck check = new BackgroundCheck("redis", true, () -> {
            throw new IllegalStateException("refused");
        }, Duration.ofSeconds(1), Duration.ofSeconds(15), now::get, false)) {
            assertThat(check.check()).isEqualTo(HealthCheck.Result.down("IllegalStateException: refused"));
        }
    }

    /** A slow probe does not slow check(); one that hangs beyond stuckAfter makes the check down. */
    @Test
    void aProbeStillRunningAfterStuckAfterIsDown() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong calls = new AtomicLong();
        BackgroundCheck check = new BackgroundCheck("db", true, () -> {
            if (calls.incrementAndGet() > 1) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HealthCheck.Result.up("fine");
        }, Duration.ofSeconds(1), Duration.ofSeconds(15), now::get, false);
        Thread probing = Thread.ofPlatform().start(check::probeOnce);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(check.check().up()).as("slow, not stuck: the last result").isTrue();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(check.check().up()).as("stuck for 16 s").isFalse();
        assertThat(check.check().detail()).contains("no answer for 16 s", "fine");
        release.countDown();
        probing.join();
        assertThat(check.check().up()).as("answered again").isTrue();
        check.close();
    }

    @Test
    void probesInTheBackground() throws Exception {
        AtomicLong calls = new AtomicLong();
        try (BackgroundCheck check = new BackgroundCheck("db", true, () -> {
            calls.incrementAndGet();
            return HealthCheck.Result.up("fine");
        }, Duration.ofMillis(10), Duration.ofSeconds(15))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(calls.get()).isGreaterThanOrEqualTo(3);
            assertThat(check.check().up()).isTrue();
        }
    }
}
