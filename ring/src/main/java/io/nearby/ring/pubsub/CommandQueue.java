package io.nearby.ring.pubsub;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The bounded FIFO between the threads that send commands to one Redis server and that server's
 * {@link PipelinedWriter} thread: a {@link LinkedBlockingDeque} (the writer looks at the head without taking it while
 * it cannot reach the server, so commands keep waiting in order and within the capacity). {@link #offer} never waits —
 * a full (or closed) queue refuses the command at once, so a publishing virtual thread is never parked here; the
 * writer drains everything waiting before it sleeps again, so under load one wake-up carries many commands. A command that waited longer than {@code maxAge} is dropped when taken instead of being sent late.
 * Every command is counted in its {@link WriteTally}: accepted, then written, failed or dropped; or refused.
 *
 * <p>Order: commands are taken in the order their offers took effect. Thread-safe for any number of producers and
 * ONE consumer.
 */
final class CommandQueue {
    /**
     * One command waiting, with {@code System.nanoTime()} when it was queued; {@code reply} (nullable) completes with
     * Redis' reply, or exceptionally when the command failed or was dropped.
     */
    record Entry(RedisCommand command, WriteTally tally, CompletableFuture<Object> reply, long queuedNanos) {
        void answered(Object value) {
            if (reply != null) {
                reply.complete(value);
            }
        }

        void lost(String why) {
            if (reply != null) {
                reply.completeExceptionally(new RedisWriteException(why));
            }
        }

        /** @param cause Redis' error reply or the connection's failure, as the exception's cause */
        void lost(String why, Throwable cause) {
            if (reply != null) {
                reply.completeExceptionally(new RedisWriteException(why, cause));
            }
        }
    }

    private static final Entry CLOSED = new Entry(null, null, null, 0);

    private final int capacity;
    private final long maxAgeNanos;
    private final LinkedBlockingDeque<Entry> entries;
    private volatile boolean closed;

    CommandQueue(int capacity, long maxAgeNanos) {
        if (capacity < 1 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("need capacity >= 1 and maxAge > 0, got " + capacity + ", " + maxAgeNanos);
        }
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
        this.entries = new LinkedBlockingDeque<>(capacity);
    }

    /** Appends the command unless the queue is full or closed (then it is counted as refused). Never blocks. */
    boolean offer(RedisCommand command, WriteTally tally, CompletableFuture<Object> reply, long nowNanos) {
        if (!closed && entries.offer(new Entry(command, tally, reply, nowNanos))) {
            tally.accept();
            return true;
        }
        tally.refuse();
        if (reply != null) {
            reply.completeExceptionally(new RedisWriteException(closed ? "closed" : "queue full"));
        }
        return false;
    }

    /**
     * Waits up to {@code waitNanos} until a command is waiting, without taking it.
     *
     * @return true if one is waiting; false if none came (or the queue is closed and empty)
     */
    boolean await(long waitNanos) throws InterruptedException {
        Entry head = entries.pollFirst(waitNanos, TimeUnit.NANOSECONDS);
        if (head == null) {
            return false;
        }
        if (head == CLOSED) {
            return !entries.isEmpty();
        }
        if (!entries.offerFirst(head)) { // the only consumer took it, so only a racing offer can fill its place: rare
            drop(head);
            return !entries.isEmpty();
        }
        return true;
    }

    /**
     * Waits up to {@code waitNanos} for a command, then moves up to {@code max} commands, oldest first, into
     * {@code batch}; commands older than the max age at {@code nowNanos} are dropped and counted instead.
     *
     * @return false once the queue is closed and empty
     */
    boolean take(List<Entry> batch, int max, long waitNanos) throws InterruptedException {
        Entry first = entries.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (first == null || first == CLOSED) {
            return !(closed && entries.isEmpty());
        }
        long now = System.nanoTime();
        keep(first, batch, now);
        while (batch.size() < max) {
            Entry next = entries.poll();
            if (next == null) {
                break;
            }
            keep(next, batch, now);
        }
        return true;
    }

    private void keep(Entry entry, List<Entry> batch, long nowNanos) {
        if (entry == CLOSED) {
            return;
        }
        if (nowNanos - entry.queuedNanos() > maxAgeNanos) {
            drop(entry);
        } else {
            batch.add(entry);
        }
    }

    /** Drops the commands that have waited longer than the max age (while the server cannot be reached). */
    int expire(long nowNanos) {
        int stale = 0;
        for (Entry head = entries.peek(); head != null && (head == CLOSED || nowNanos - head.queuedNanos() > maxAgeNanos);
                head = entries.peek()) {
            Entry taken = entries.poll();
            if (taken != null && taken != CLOSED) {
                drop(taken);
                stale++;
            }
        }
        return stale;
    }

    /** Refuses every further command and wakes the consumer; what is queued stays for a last drain. */
    void close() {
        closed = true;
        entries.offer(CLOSED);
    }

    boolean isClosed() {
        return closed;
    }

    /** Drops everything still queued (the end of a close), counting it. @return commands dropped */
    int discard() {
        int dropped = 0;
        for (Entry e = entries.poll(); e != null; e = entries.poll()) {
            if (e != CLOSED) {
                drop(e);
                dropped++;
            }
        }
        return dropped;
    }

    /** Commands waiting now. */
    int depth() {
        int n = entries.size();
        return closed ? Math.max(0, n - (entries.contains(CLOSED) ? 1 : 0)) : n;
    }

    int capacity() {
        return capacity;
    }

    private static void drop(Entry entry) {
        entry.tally().drop(1);
        entry.lost("not sent: too old, or still queued at close");
    }
}
