package io.nearby.ring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Publishes one message on every channel each interval, as users sending location updates: spread evenly over the
 * interval (channel i at offset i/n of it, like independent users, not in bursts); the "cache" is written first, then
 * the message is published by the channel's sending server, each publish on its own virtual thread so that a dead
 * node never delays the others.
 *
 * <p>An update counts as sent when the sending server's {@code publish} is called with it ({@link #sentNanos}): that
 * is where the Pub/Sub's job starts. The ticker's time is kept too: the virtual thread that makes the call may start
 * late when the carriers are busy (the hand-off, {@link #maxHandOffNanos}), which is this harness, not the product.
 */
final class SteadyLoad implements AutoCloseable {
    private final List<String> channels;
    private final Function<String, RingServer> sender;
    private final Map<String, Long> cache;
    private final long intervalNanos;
    private final long[] seqs;
    /** Per channel, the time the ticker sent each update (index seq - 1); written by the ticker only. */
    private final List<List<Long>> sentAt;
    /** Per channel, seq -> the time publish() was called with it (on the update's virtual thread). */
    private final List<Map<Long, Long>> calledAt;
    private final AtomicLong maxHandOffNanos = new AtomicLong();
    private final ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong failures = new AtomicLong();
    private volatile long maxLateNanos;
    private final Thread ticker;
    private volatile boolean running = true;

    SteadyLoad(List<String> channels, Function<String, RingServer> sender, Map<String, Long> cache, Duration interval) {
        this.channels = channels;
        this.sender = sender;
        this.cache = cache;
        this.intervalNanos = interval.toNanos();
        this.seqs = new long[channels.size()];
        this.sentAt = channels.stream().map(c -> java.util.Collections.synchronizedList(new java.util.ArrayList<Long>()))
                .collect(java.util.stream.Collectors.toList());
        this.calledAt = channels.stream().<Map<Long, Long>>map(c -> new ConcurrentHashMap<>()).toList();
        this.ticker = Thread.ofPlatform().daemon().name("steady-load").start(this::run);
    }

    /** Publishes refused at once (queue full); losses after queueing are counted by each server's Pub/Sub. */
    long publishFailures() {
        return failures.get();
    }

    /**
     * When update {@code seq} of the {@code index}-th channel was sent (System.nanoTime): when publish() was called
     * with it, or when the ticker sent it if that call has not happened (yet).
     */
    long sentNanos(int index, long seq) {
        Long called = calledAt.get(index).get(seq);
        return called != null ? called : sentAt.get(index).get((int) seq - 1);
    }

    /** The longest an update waited between the ticker and its publish() call (its virtual thread's start). */
    long maxHandOffNanos() {
        return maxHandOffNanos.get();
    }

    /** The publisher's own jitter: how late its worst tick started (part of any gap a receiver sees). */
    long maxLateNanos() {
        return maxLateNanos;
    }

    private void run() {
        long start = System.nanoTime();
        long slot = intervalNanos / channels.size();
        for (long tick = 0; running; tick++) {
            for (int i = 0; i < channels.size() && running; i++) {
                long due = start + tick * intervalNanos + i * slot;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                maxLateNanos = Math.max(maxLateNanos, System.nanoTime() - due);
                String channel = channels.get(i);
                long seq = ++seqs[i];
                long ticked = System.nanoTime();
                sentAt.get(i).add(ticked);
                cache.put(channel, seq);
                RingServer server = sender.apply(channel);
                Map<Long, Long> called = calledAt.get(i);
                publishers.execute(() -> {
                    long now = System.nanoTime();
                    called.put(seq, now);
                    maxHandOffNanos.accumulateAndGet(now - ticked, Math::max);
                    if (!server.pubSub.publish(channel, seq + "|" + now)) {
                        failures.incrementAndGet();
                    }
                });
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        ticker.join();
        publishers.close();
    }
}
