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
