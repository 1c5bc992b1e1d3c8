package io.nearby.ring.pubsub;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded FIFO between the threads that publish to one node and that node's publisher thread. {@link #offer} is
 * lock-free and never waits: a full (or closed) queue refuses the message at once — a publishing virtual thread is
 * never parked here, so it never needs a carrier again to finish publishing. The publisher thread, the single
 * consumer, takes messages in order, in batches ({@link #drain}); a message that waited longer than {@code maxAge} is
 * dropped when it is taken or {@linkplain #expire expired} instead of being sent late.
 *
 * <p>Order: messages are taken in the order their {@link #offer} calls took effect, so one thread's messages (and
 * messages offered under a common lock) keep their order.
 *
 * <p>Bookkeeping only: no I/O, and the time is passed in by the caller, so the rules are testable without clocks.
 * Thread-safe for any number of producers and ONE consumer (the one thread calling {@link #awaitMessages},
 * {@link #drain}, {@link #expire} and {@link #discard}).
 */
final class PublishQueue {
    /** One message waiting to be published, with {@code System.nanoTime()} when it was queued. */
    record Message(String channel, String message, long queuedNanos) {
    }

    private final int capacity;
    private final long maxAgeNanos;
    private final ConcurrentLinkedQueue<Message> messages = new ConcurrentLinkedQueue<>();
    /** Messages in the queue plus the places reserved by offers in progress: never more than {@code capacity} kept. */
    private final AtomicInteger depth = new AtomicInteger();
    private final LongAdder queued = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private volatile boolean closed;
    private volatile Thread consumer;
    private volatile boolean consumerParked;

    PublishQueue(int capacity, long maxAgeNanos) {
        if (capacity < 1 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("need capacity >= 1 and maxAge > 0, got " + capacity + ", " + maxAgeNanos);
        }
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Appends the message unless the queue is full or closed. Lock-free; never blocks.
     *
     * @return true if queued, false if refused (counted in {@link #rejected})
     */
    boolean offer(String channel, String message, long nowNanos) {
        if (closed) {
            rejected.increment();
            return false;
        }
        if (depth.incrementAndGet() > capacity) {
            depth.decrementAndGet();
            rejected.increment();
            return false;
        }
        Message queuedMessage = new Message(channel, message, nowNanos);
        messages.offer(queuedMessage);
        if (closed && messages.remove(queuedMessage)) {
            // raced close(): the consumer may already have taken its last look, so take it back (or it was taken)
            depth.decrementAndGet();
            rejected.increment();
            return false;
        }
        queued.increment();
        if (consumerParked) {
            LockSupport.unpark(consumer);
        }
        return true;
    }

    /**
     * Waits until a message is queued or the queue is closed (the consumer's sleep; any thread may unpark it early,
     * it then looks again).
     *
     * @return true if a message is waiting, false if closed and empty
     */
    boolean awaitMessages() throws InterruptedException {
        consumer = Thread.currentThread();
        while (true) {
            if (!messages.isEmpty()) {
                return true;
            }
            if (closed) {
                return false;
            }
            consumerParked = true;
            // re-check after announcing the park: an offer either sees consumerParked or its message is seen here
            if (messages.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            consumerParked = false;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Moves up to {@code max} messages, oldest first, into {@code batch}; messages older than {@code maxAge} at
     * {@code nowNanos} are removed and counted in {@link #expired} instead (they do not count towards {@code max}).
     *
     * @return messages added to {@code batch}
     */
    int drain(List<Message> batch, int max, long nowNanos) {
        int added = 0;
        int stale = 0;
        while (added < max) {
            Message next = messages.poll();
            if (next == null) {
                break;
            }
            depth.decrementAndGet();
            if (nowNanos - next.queuedNanos() > maxAgeNanos) {
                stale++;
            } else {
                batch.add(next);
                added++;
            }
        }
        expired.add(stale);
        return added;
    }

    /**
     * Drops the messages that have waited longer than {@code maxAge} at {@code nowNanos} (while the node cannot be
     * reached), counting them in {@link #expired}. Only the head is looked at: messages are queued in time order.
     *
     * @return messages dropped
     */
    int expire(long nowNanos) {
        int stale = 0;
        for (Message head = messages.peek(); head != null && nowNanos - head.queuedNanos() > maxAgeNanos;
                head = messages.peek()) {
            if (messages.poll() != null) {
                depth.decrementAndGet();
                stale++;
            }
        }
        expired.add(stale);
        return stale;
    }

    /** Refuses every further message and wakes the consumer; what is queued stays for a last {@link #drain}. */
    void close() {
        closed = true;
        Thread waiting = consumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Drops everything still queued (at the end of {@link Publisher#close}), counting it in {@link #expired}.
     *
     * @return messages dropped
     */
    int discard() {
        int dropped = 0;
        while (messages.poll() != null) {
            depth.decrementAndGet();
            dropped++;
        }
        expired.add(dropped);
        return dropped;
    }

    /** Messages waiting now (offers in progress included). */
    int depth() {
        return Math.max(0, Math.min(capacity, depth.get()));
    }

    int capacity() {
        return capacity;
    }

    /** Messages accepted by {@link #offer}, since start. */
    long queued() {
        return queued.sum();
    }

    /** Messages {@link #offer} refused (queue full or closed), since start. */
    long rejected() {
        return rejected.sum();
    }

    /** Accepted messages dropped unsent: too old when taken, or still queued at close; since start. */
    long expired() {
        return expired.sum();
    }
}
