package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.ring.pubsub.PublishQueue.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The publishing queue's rules, with the time passed in: capacity, order, batches, age, close. */
class PublishQueueTest {
    private static final long MAX_AGE = TimeUnit.SECONDS.toNanos(2);
    private static final long T0 = 1_000_000_000L;

    @Test
    void aFullQueueRefusesAtOnceAndCountsAndAcceptsAgainOnceDrained() {
        PublishQueue queue = new PublishQueue(3, MAX_AGE);
        assertThat(IntStream.range(0, 5).mapToObj(i -> queue.offer("ch", "m" + i, T0))).containsExactly(true, true,
                true, false, false);
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.queued()).isEqualTo(3);
        assertThat(queue.rejected()).isEqualTo(2);

        List<Message> batch = new ArrayList<>();
        assertThat(queue.drain(batch, 1, T0)).isEqualTo(1);
        assertThat(queue.offer("ch", "m5", T0)).isTrue();
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.queued()).isEqualTo(4);
    }

    @Test
    void drainTakesBatchesOldestFirstInTheOrderQueued() {
        PublishQueue queue = new PublishQueue(100, MAX_AGE);
        for (int i = 0; i < 10; i++) {
            queue.offer(i % 2 == 0 ? "a" : "b", "m" + i, T0 + i);
        }
        List<Message> first = new ArrayList<>();
        assertThat(queue.drain(first, 4, T0 + 10)).isEqualTo(4);
        List<Message> rest = new ArrayList<>();
        assertThat(queue.drain(rest, 1_000, T0 + 10)).isEqualTo(6);
        assertThat(first).extracting(Message::message).containsExactly("m0", "m1", "m2", "m3");
        assertThat(first).extracting(Message::channel).containsExactly("a", "b", "a", "b");
        assertThat(rest).extracting(Message::message).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(queue.drain(new ArrayList<>(), 10, T0 + 10)).isZero();
        assertThat(queue.depth()).isZero();
        assertThat(queue.expired()).isZero();
    }

    @Test
    void messagesOlderThanTheMaxAgeAreDroppedWhenTakenAndDoNotCountTowardsTheBatch() {
        PublishQueue queue = new PublishQueue(100, MAX_AGE);
        queue.offer("ch", "old1", T0);
        queue.offer("ch", "old2", T0 + 1);
        queue.offer("ch", "fresh1", T0 + MAX_AGE);
        queue.offer("ch", "fresh2", T0 + MAX_AGE + 1);
        queue.offer("ch", "fresh3", T0 + MAX_AGE + 2);

        List<Message> batch = new ArrayList<>();
        long now = T0 + MAX_AGE + 2; // old1 and old2 waited longer than MAX_AGE; fresh1 exactly MAX_AGE: still sent
        assertThat(queue.drain(batch, 2, now)).isEqualTo(2);
        assertThat(batch).extracting(Message::message).containsExactly("fresh1", "fresh2");
        assertThat(queue.expired()).isEqualTo(2);
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void expireDropsOnlyTheStaleHeadWhileTheNodeCannotBeReached() {
        PublishQueue queue = new PublishQueue(100, MAX_AGE);
        for (int i = 0; i < 5; i++) {
            queue.offer("ch", "m" + i, T0 + i * MAX_AGE / 2);
        }
        assertThat(queue.expire(T0 + MAX_AGE)).as("nothing older than the max age yet").isZero();
        assertThat(queue.expire(T0 + 2 * MAX_AGE)).as("m0 and m1").isEqualTo(2);
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.expired()).isEqualTo(2);
        List<Message> batch = new ArrayList<>();
        queue.drain(batch, 10, T0 + 2 * MAX_AGE);
        assertThat(batch).extracting(Message::message).containsExactly("m2", "m3", "m4");
    }

    @Test
    void aClosedQueueRefusesNewMessagesKeepsTheQueuedOnesForALastDrainAndDiscardsTheRest() throws Exception {
        PublishQueue queue = new PublishQueue(100, MAX_AGE);
        queue.offer("ch", "m0", T0);
        queue.offer("ch", "m1", T0);
        queue.offer("ch", "m2", T0);
        queue.close();
        assertThat(queue.offer("ch", "late", T0)).isFalse();
        assertThat(queue.rejected()).isEqualTo(1);
        assertThat(queue.awaitMessages()).as("still queued: returns at once").isTrue();

        List<Message> batch = new ArrayList<>();
        queue.drain(batch, 1, T0);
        assertThat(batch).extracting(Message::message).containsExactly("m0");
        assertThat(queue.discard()).isEqualTo(2);
        assertThat(queue.expired()).isEqualTo(2);
        assertThat(queue.depth()).isZero();
        assertThat(queue.awaitMessages()).as("closed and empty: returns at once").isFalse();
    }

    @Test
    void theConsumerSleepsUntilAMessageIsQueued() throws Exception {
        PublishQueue queue = new PublishQueue(100, MAX_AGE);
        CompletableFuture<Boolean> woken = new CompletableFuture<>();
        Thread consumer = Thread.ofPlatform().daemon().start(() -> {
            try {
                woken.complete(queue.awaitMessages());
            } catch (InterruptedException | RuntimeException e) {
                woken.completeExceptionally(e);
            }
        });
        // not a sleep: the consumer is seen parked on the queue (a platform thread, so its state is the OS thread's)
        await("the consumer parks on the empty queue").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> consumer.getState() == Thread.State.WAITING && LockSupport.getBlocker(consumer) == queue);
        assertThat(woken).as("asleep while nothing is queued").isNotDone();
        queue.offer("ch", "m", T0);
        assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentProducersKeepTheirOwnOrderAndEveryMessageIsAccountedFor() throws Exception {
        int producers = 50;
        int each = 2_000;
        PublishQueue queue = new PublishQueue(10_000, MAX_AGE);
        Map<String, Integer> last = new HashMap<>();
        long[] taken = new long[1];
        List<String> outOfOrder = new ArrayList<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            List<Message> batch = new ArrayList<>();
            try {
                while (queue.awaitMessages()) {
                    batch.clear();
                    queue.drain(batch, 100, T0);
                    for (Message m : batch) {
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
                        if (!queue.offer(channel, Integer.toString(i), T0)) {
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
        assertThat(queue.rejected()).isEqualTo(refused);
        assertThat(queue.queued()).isEqualTo((long) producers * each - refused);
        assertThat(taken[0]).isEqualTo(queue.queued());
        assertThat(outOfOrder).isEmpty();
        assertThat(queue.depth()).isZero();
    }
}
