package io.nearby.server.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionMailboxTest {
    @Test
    void coalescesPerKeyAndDrainsOrderedFirst() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        var executor = Executors.newSingleThreadExecutor();
        executor.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SessionMailbox<String> box = new SessionMailbox<>(executor, seen::add);
        box.offerLatest("u:bob", "bob@1");
        box.offerLatest("u:carol", "carol@1");
        box.offerLatest("u:bob", "bob@2");
        box.offerOrdered("friend_added");
        box.offerLatest("u:bob", "bob@3");
        assertThat(box.size()).isEqualTo(3);
        gate.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("friend_added", "bob@3", "carol@1");
    }

    @Test
    void aFailingHandlerDoesNotStopTheMailbox() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        SessionMailbox<String> box = new SessionMailbox<>(executor, e -> {
            if (e.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            seen.add(e);
        });
        box.offerOrdered("boom");
        box.offerOrdered("after");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.contains("after"));
        box.offerLatest("k", "later");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.contains("later"));
    }

    @Test
    void manyProducersNeverLoseTheLatestPerKey() throws Exception {
        java.util.Map<String, String> last = new java.util.concurrent.ConcurrentHashMap<>();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        SessionMailbox<String> box = new SessionMailbox<>(executor, e -> last.put(e.substring(0, e.indexOf('@')), e));
        try (var producers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < 20; k++) {
                String key = "k" + k;
                producers.execute(() -> {
                    for (int i = 0; i <= 1000; i++) {
                        box.offerLatest(key, key + "@" + i);
                    }
                });
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> last.size() == 20 && last.values().stream().allMatch(v -> v.endsWith("@1000")));
    }
}
