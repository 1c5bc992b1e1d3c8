package io.nearby.server.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The delivery workers: everything scheduled gets written, and a client that does not read stalls nobody else. */
class DeliveryWorkersTest {
    private static Outbox outbox(OutboxTest.RecordingOutbound out) {
        return new Outbox(out, () -> { }, t -> { });
    }

    @Test
    void everyScheduledOutboxIsWrittenAndWorkersAreReused() {
        try (DeliveryWorkers workers = new DeliveryWorkers()) {
            List<OutboxTest.RecordingOutbound> outs = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                for (int i = 0; i < 20; i++) {
                    OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
                    outs.add(out);
                    Outbox box = outbox(out);
                    box.add("m" + round + "." + i);
                    workers.schedule(box);
                }
                workers.signal();
            }
            await("all written").atMost(Duration.ofSeconds(10)).until(() -> outs.stream().allMatch(o -> o.frames.size() == 1));
            assertThat(workers.workers()).as("a few workers, not one per outbox").isLessThan(100);
        }
    }

    /**
     * Schedules and signals from several threads at once while the workers go to sleep and wake up all the time:
     * the race in which a signal's wake-up of a worker lands after that worker already went back to sleep must not
     * leave it counted as running (every later signal then trusted it and nothing was written any more).
     */
    @Test
    void signalsRacingWithWorkersGoingToSleepLoseNoOutbox() throws Exception {
        try (DeliveryWorkers workers = new DeliveryWorkers()) {
            int threads = 4;
            int perThread = 10_000;
            List<OutboxTest.RecordingOutbound> outs = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
                        outs.add(out);
                        Outbox box = outbox(out);
                        box.add("m" + i);
                        workers.schedule(box);
                        workers.signal();
                        if (i % 64 == 0) {
                            Thread.yield(); // let the workers drain and sleep between bursts
                        }
                    }
                }));
            }
            for (Thread p : producers) {
                p.join();
            }
            await("every outbox written").atMost(Duration.ofSeconds(20))
                    .until(() -> outs.stream().filter(o -> o.frames.size() != 1).count() == 0);
            // and the workers still answer a signal afterwards (none is stuck counted as running while asleep)
            OutboxTest.RecordingOutbound last = new OutboxTest.RecordingOutbound();
            Outbox box = outbox(last);
            box.add("after");
            workers.schedule(box);
            workers.signal();
            await("written after the storm").atMost(Duration.ofSeconds(5)).until(() -> last.frames.size() == 1);
        }
    }

    @Test
    void aClientThatDoesNotReadBlocksOnlyItsOwnWorker() {
        try (DeliveryWorkers workers = new DeliveryWorkers()) {
            OutboxTest.RecordingOutbound stuck = new OutboxTest.RecordingOutbound();
            stuck.gate = new CountDownLatch(1);
            Outbox stuckBox = outbox(stuck);
            stuckBox.add("never read");
            workers.schedule(stuckBox);
            workers.signal();
            await("the stuck write is in progress").atMost(Duration.ofSeconds(5))
                    .until(() -> stuckBox.writeBlockedNanos(System.nanoTime()) > DeliveryWorkers.STUCK);
            OutboxTest.RecordingOutbound fine = new OutboxTest.RecordingOutbound();
            Outbox fineBox = outbox(fine);
            fineBox.add("hello");
            workers.schedule(fineBox);
            workers.signal();
            await("another client is served meanwhile").atMost(Duration.ofSeconds(5)).until(() -> fine.frames.size() == 1);
            stuck.gate.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> stuck.frames.size() == 1);
        }
    }
}
