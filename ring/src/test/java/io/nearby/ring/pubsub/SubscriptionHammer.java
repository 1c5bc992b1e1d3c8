package io.nearby.ring.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many virtual threads subscribing and unsubscribing random pairs of channels at once; then each thread has the last
 * word on its share of the channels: the even-numbered ones end subscribed, the odd-numbered ones unsubscribed.
 */
final class SubscriptionHammer {
    private SubscriptionHammer() {
    }

    /**
     * Runs the hammer to the end; returns the final subscribe calls' futures (the even channels). A subscribe or
     * unsubscribe call that throws fails the hammer (rethrown once every thread is done), never hangs it.
     */
    static List<CompletableFuture<Void>> hammer(RedisPubSub pubsub, List<String> channels, int threads, int opsPerThread)
            throws InterruptedException {
        int n = channels.size();
        CountDownLatch hammered = new CountDownLatch(threads);
        List<CompletableFuture<Void>> finalSubscribes = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> workers = new ArrayList<>(threads);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int me = t;
                workers.add(pool.submit(() -> {
                    try {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int op = 0; op < opsPerThread; op++) {
                            List<String> some = List.of(channels.get(random.nextInt(n)), channels.get(random.nextInt(n)));
                            if (random.nextBoolean()) {
                                pubsub.subscribe(some);
                            } else {
                                pubsub.unsubscribe(some);
                            }
                        }
                    } finally {
                        hammered.countDown();
                    }
                    hammered.await();
                    for (int i = me; i < n; i += threads) {
                        if (i % 2 == 0) {
                            finalSubscribes.add(pubsub.subscribe(List.of(channels.get(i))));
                        } else {
                            pubsub.unsubscribe(List.of(channels.get(i)));
                        }
                    }
                    return null;
                }));
            }
        }
        AssertionError failed = null;
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = new AssertionError("a hammering thread failed", e.getCause());
                } else {
                    failed.addSuppressed(e.getCause());
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (finalSubscribes.size() != (n + 1) / 2) {
            throw new AssertionError("expected " + (n + 1) / 2 + " final subscribes, got " + finalSubscribes.size());
        }
        return finalSubscribes;
    }
}
