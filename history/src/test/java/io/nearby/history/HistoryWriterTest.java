package io.nearby.history;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HistoryWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void appendedPointsReachTheStoreInBatches() {
        FakeStore store = new FakeStore();
        try (HistoryWriter writer = new HistoryWriter(store, HistoryWriter.Settings.of(1_000, 64))) {
            for (int i = 0; i < 500; i++) {
                writer.append("u" + (i % 7), 1, 2, i);
            }
            // completion counts a batch as written before it frees its in-flight permits: wait for both
            await("all written").atMost(WAIT).until(() -> writer.written() == 500 && writer.inFlight() == 0);
            assertThat(store.stored).hasSize(500);
            assertThat(store.batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 64));
            assertThat(writer.dropped()).isZero();
            assertThat(writer.queued()).isZero();
            assertThat(writer.inFlight()).isZero();
        }
    }

    @Test
    void underLightLoadTheLingerGathersPointsIntoFewWrites() {
        FakeStore store = new FakeStore();
        HistoryWriter.Settings lingering = new HistoryWriter.Settings(1_000, 64, 64, Duration.ofMillis(300), Duration.ofSeconds(30));
        try (HistoryWriter writer = new HistoryWriter(store, lingering)) {
            for (int i = 0; i < 20; i++) {
                writer.append("u", 1, 2, i); // 20 points well within one linger
            }
            await("all written").atMost(WAIT).until(() -> writer.written() == 20);
            assertThat(store.batchSizes).as("one write for the first point's linger, at most one more").hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void aHangingStoreNeverBlocksAppendTheQueueFillsAndPointsAreDroppedAndCounted() {
        FakeStore store = new FakeStore();
        store.mode = FakeStore.Mode.HANG;
        try (HistoryWriter writer = new HistoryWriter(store, HistoryWriter.Settings.of(100, 10))) {
            java.util.concurrent.CompletableFuture<Void> appends = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 10_000; i++) {
                    writer.append("u", 1, 2, i);
                }
            });
            await("10,000 appends return although the store hangs").atMost(WAIT).until(appends::isDone);
            // held: the first batch in flight (up to 10 points, however many were queued when the drain thread woke),
            // the next batch the drain thread holds waiting for in-flight room (up to 10), and the queue: 100 while
            // the appends outran the drain thread, down to 80 when the appends ended before it took both batches;
            // everything else was dropped and counted, and once the appends returned nothing is dropped any more.
            // In flight means the permits are taken; the write is registered as hanging a moment later: released
            // before that, it would hang for good
            await("a batch in flight and the queue full").atMost(WAIT).until(() -> writer.inFlight() > 0
                    && !store.hanging.isEmpty() && writer.queued() >= 80);
            long kept = 10_000 - writer.droppedQueueFull();
            assertThat(kept).isBetween(100L, 120L);
            assertThat(writer.written()).isZero();

            // the store comes back: what was kept is written, nothing else is lost
            store.mode = FakeStore.Mode.WORK;
            store.release();
            await("queue drained").atMost(WAIT).until(() -> writer.written() == kept);
            writer.append("u", 1, 2, 20_000);
            await("new point written").atMost(WAIT).until(() -> writer.written() == kept + 1);
        }
    }

    @Test
    void failedWritesAreDroppedAndCountedWithoutRetryAndTheWriterRecovers() {
        FakeStore store = new FakeStore();
        store.mode = FakeStore.Mode.FAIL;
        try (HistoryWriter writer = new HistoryWriter(store, HistoryWriter.Settings.of(1_000, 16))) {
            for (int i = 0; i < 50; i++) {
                writer.append("u", 1, 2, i);
            }
            // completion counts the drop before it sets failing: wait for both
            await("all dropped").atMost(WAIT).until(() -> writer.droppedStoreFailed() == 50 && writer.failing());
            assertThat(writer.failing()).isTrue();
            assertThat(store.batchSizes.stream().mapToInt(Integer::intValue).sum()).as("no retries").isEqualTo(50);

            store.mode = FakeStore.Mode.WORK;
            writer.append("u", 1, 2, 100);
            await("written again").atMost(WAIT).until(() -> writer.written() == 1 && !writer.failing());
            assertThat(writer.failing()).isFalse();
            assertThat(store.stored).extracting(HistoryPoint::ts).containsExactly(100L);
        }
    }

    @Test
    void flushWaitsForThePointsAlreadyAcceptedAndTimesOutOnAHangingStore() {
        FakeStore store = new FakeStore();
        store.mode = FakeStore.Mode.HANG;
        try (HistoryWriter writer = new HistoryWriter(store, HistoryWriter.Settings.of(100, 10))) {
            writer.append("u", 1, 2, 1);
            assertThat(writer.flush(Duration.ofMillis(300))).isFalse();
            // the write must be registered as hanging before the store comes back, or release() misses it
            await("the write hangs").atMost(WAIT).until(() -> !store.hanging.isEmpty());
            store.mode = FakeStore.Mode.WORK;
            store.release();
            assertThat(writer.flush(WAIT)).isTrue();
            assertThat(store.stored).hasSize(1);
        }
    }

    @Test
    void closeWritesWhatIsQueuedThenRefusesNewPoints() {
        FakeStore store = new FakeStore();
        HistoryWriter writer = new HistoryWriter(store, HistoryWriter.Settings.of(10_000, 8));
        for (int i = 0; i < 2_000; i++) {
            writer.append("u", 1, 2, i);
        }
        writer.close();
        assertThat(writer.written()).isEqualTo(2_000);
        writer.append("u", 1, 2, 1);
        assertThat(writer.droppedQueueFull()).isEqualTo(1);
    }

    @Test
    void aStoreThatThrowsInsteadOfFailingItsFutureCountsAsFailed() {
        HistoryStore throwing = new FakeStore() {
            @Override
            public java.util.concurrent.CompletionStage<Written> write(java.util.List<HistoryPoint> points) {
                throw new IllegalStateException("boom");
            }
        };
        try (HistoryWriter writer = new HistoryWriter(throwing, HistoryWriter.Settings.of(100, 10))) {
            writer.append("u", 1, 2, 1);
            await().atMost(WAIT).until(() -> writer.droppedStoreFailed() == 1 && writer.inFlight() == 0);
            assertThat(writer.inFlight()).isZero();
        }
    }
}
