package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RingNotifierTest {
    private static RingSnapshot snapshot(long revision) {
        return new RingSnapshot(HashRing.of(List.of("redis://n" + revision + ":1"), 8), revision);
    }

    @Test
    void aListenerHearsTheCurrentRingFirstThenEveryLaterOneOnTheNotifierThreadEndingWithTheLatest() throws Exception {
        try (RingNotifier notifier = new RingNotifier(snapshot(1))) {
            List<Long> heard = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch first = new CountDownLatch(1);
            notifier.add(s -> {
                heard.add(s.revision());
                threads.add(Thread.currentThread().getName());
                if (s.revision() == 1) {
                    first.countDown();
                    awaitLatch(blocked);
                }
            });
            assertThat(first.await(5, TimeUnit.SECONDS)).as("heard the current ring").isTrue();
            for (long r = 2; r <= 50; r++) {
                notifier.publish(snapshot(r));
            }
            blocked.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty() && heard.getLast() == 50);
            assertThat(heard.getFirst()).isEqualTo(1);
            assertThat(heard).isSorted().doesNotHaveDuplicates();
            assertThat(heard.size()).as("coalesced while the listener was busy").isLessThan(50);
            assertThat(threads).containsOnly("nearby-ring-notify");
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        try (RingNotifier notifier = new RingNotifier(snapshot(1))) {
            List<Long> heard = new CopyOnWriteArrayList<>();
            notifier.add(s -> {
                throw new IllegalStateException("listener bug");
            });
            notifier.add(s -> heard.add(s.revision()));
            notifier.publish(snapshot(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty() && heard.getLast() == 2L);
            assertThat(heard).isSubsetOf(1L, 2L).doesNotHaveDuplicates();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
