package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearby.ring.pubsub.CommandQueue.Entry;
import io.nearby.ring.pubsub.RedisCommand.Publish;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The writer's queue: capacity, order, batches, age, close, and the tally of every command. */
class CommandQueueTest {
    private static final long MAX_AGE = TimeUnit.SECONDS.toNanos(2);
    private static final long NO_WAIT = 0;

    private static boolean offer(CommandQueue queue, WriteTally tally, String channel, String message, long queuedNanos) {
        return queue.offer(new Publish(channel, message), tally, null, queuedNanos);
    }

    private static List<String> messages(List<Entry> batch) {
        return batch.stream().map(e -> ((Publish) e.command()).message()).toList();
    }

    @Test
    void aFullQueueRefusesAtOnceAndCountsAndAcceptsAgainOnceDrained() throws Exception {
        CommandQueue queue = new CommandQueue(3, MAX_AGE);
        WriteTally tally = new WriteTally();
        long now = System.nanoTime();
        assertThat(IntStream.range(0, 5).mapToObj(i -> offer(queue, tally, "ch", "m" + i, now))).containsExactly(true, true,
                true, false, false);
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(tally.accepted()).isEqualTo(3);
        assertThat(tally.dropped()).isEqualTo(2);
        List<Entry> batch = new ArrayList<>();
        assertThat(queue.take(batch, 1, NO_WAIT)).isTrue();
        assertThat(messages(batch)).containsExactly("m0");
        assertThat(offer(queue, tally, "ch", "m5", now)).isTrue();
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(tally.accepted()).isEqualTo(4);
    }

    @Test
    void takeReturnsBatchesOldestFirstInTheOrderQueued() throws Exception {
        CommandQueue queue = new CommandQueue(100, MAX_AGE);
        WriteTally tally = new WriteTally();
        long now = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            offer(queue, tally, i % 2 == 0 ? "a" : "b", "m" + i, now);
        }
        List<Entry> first = new ArrayList<>();
        queue.take(first, 4, NO_WAIT);
        List<Entry> rest = new ArrayList<>();
        queue.take(rest, 1_000, NO_WAIT);
        assertThat(messages(first)).containsExactly("m0", "m1", "m2", "m3");
        assertThat(messages(rest)).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        List<Entry> none = new ArrayList<>();
        assertThat(queue.take(none, 10, NO_WAIT)).as("empty, not closed").isTrue();
        assertThat(none).isEmpty();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void commandsOlderThanTheMaxAgeAreDroppedWhenTakenAndTheirWaiterHearsSo() throws Exception {
        CommandQueue queue = new CommandQueue(100, MAX_AGE);
        WriteTally tally = new WriteTally();
        long now = System.nanoTime();
        CompletableFuture<Object> oldDone = new CompletableFuture<>();
        queue.offer(new Publish("ch", "old"), tally, oldDone, now - MAX_AGE - 1);
        offer(queue, tally, "ch", "fresh", now);
        List<Entry> batch = new ArrayList<>();
        queue.take(batch, 10, NO_WAIT);
        assertThat(messages(batch)).containsExactly("fresh");
        assertThat(tally.dropped()).isEqualTo(1);
        assertThat(oldDone).isCompletedExceptionally();
    }

    @Test
    void expireDropsOnlyTheStaleHeadWhileTheServerCannotBeReached() throws Exception {
        CommandQueue queue = new CommandQueue(100, MAX_AGE);
        WriteTally tally = new WriteTally();
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            offer(queue, tally, "ch", "m" + i, t0 + i * MAX_AGE / 2);
        }
        assertThat(queue.expire(t0 + MAX_AGE)).as("nothing older than the max age yet").isZero();
        assertThat(queue.expire(t0 + 2 * MAX_AGE)).as("m0 and m1").isEqualTo(2);
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(tally.dropped()).isEqualTo(2);
    }

    @Test
    void aClosedQueueRefusesNewCommandsKeepsTheQueuedOnesForALastTakeAndDiscardsTheRest() throws Exception {
        CommandQueue queue = new CommandQueue(100, MAX_AGE);
        WriteTally tally = new WriteTally();
        long now = System.nanoTime();
        offer(queue, tally, "ch", "m0", now);
        offer(queue, tally, "ch", "m1", now);
        offer(queue, tally, "ch", "m2", now);
        queue.close();
        assertThat(offer(queue, tally, "ch", "late", now)).isFalse();
        assertThat(tally.dropped()).isEqualTo(1);
        List<Entry> batch = new ArrayList<>();
        assertThat(queue.take(batch, 1, NO_WAIT)).as("still queued").isTrue();
        assertThat(messages(batch)).containsExactly("m0");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.discard()).isEqualTo(2);
        assertThat(tally.dropped()).isEqualTo(3);
        assertThat(queue.depth()).isZero();
        assertThat(queue.take(new ArrayList<>(), 1, TimeUnit.SECONDS.toNanos(5))).as("closed and empty: at once").isFalse();
    }

    @Test
    void theConsumerSleepsUntilACommandIsQueuedAndCloseWakesIt() throws Exception {
        CommandQueue queue = new CommandQueue(100, MAX_AGE);
        WriteTally tally = new WriteTally();
        List<Entry> batch = new ArrayList<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                queue.take(batch, 10, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await("the consumer waits").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> consumer.getState() == Thread.State.TIMED_WAITING);
        offer(queue, tally, "ch", "m", System.nanoTime());
        consumer.join(5_000);
        assertThat(messages(batch)).containsExactly("m");

        Thread closing = Thread.ofPlatform().start(() -> {
            try {
                assertThat(queue.take(new ArrayList<>(), 10, TimeUnit.SECONDS.toNanos(30))).isFalse();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await("the consumer waits again").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> closing.getState() == Thread.State.TIMED_WAITING);
        long before = System.nanoTime();
        queue.close();
        closing.join(5_000);
        assertThat(closing.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before)).as("woken by close, not by its timeout").isLessThan(5);
    }

    @Test
    void concurrentProducersKeepTheirOwnOrderAndEveryCommandIsAccountedFor() throws Exception {
        int producers = 50;
        int each = 2_000;
        CommandQueue queue = new CommandQueue(10_000, TimeUnit.MINUTES.toNanos(1));
        WriteTally tally = new WriteTally();
        Map<String, Integer> last = new HashMap<>();
        long[] taken = new long[1];
        List<String> outOfOrder = new ArrayList<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            List<Entry> batch = new ArrayList<>();
            try {
                while (true) {
                    batch.clear();
                    if (!queue.take(batch, 100, TimeUnit.MILLISECONDS.toNanos(100))) {
                        return;
                    }
                    for (Entry e : batch) {
                        Publish m = (Publish) e.command();
                        int seq = Integer.parseInt(m.message());
                        Integer previous = last.put(m.channel(), seq);
                        if (previous != null && previous >= seq) {
                            outOfOrder.add(m.channel() + ": " + previous + " before " + seq);
                        }
                    }
                    taken[0] += batch.size();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long refused;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Long>> results = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String channel = "p" + p;
                results.add(CompletableFuture.supplyAsync(() -> {
                    long no = 0;
                    for (int i = 0; i < each; i++) {
                        if (!offer(queue, tally, channel, Integer.toString(i), System.nanoTime())) {
                            no++;
                        }
                    }
                    return no;
                }, pool));
            }
            refused = results.stream().mapToLong(CompletableFuture::join).sum();
        }
        queue.close();
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(tally.dropped()).isEqualTo(refused);
        assertThat(tally.accepted()).isEqualTo((long) producers * each - refused);
        assertThat(taken[0]).isEqualTo(tally.accepted());
        assertThat(outOfOrder).isEmpty();
        assertThat(queue.depth()).isZero();
    }
}
