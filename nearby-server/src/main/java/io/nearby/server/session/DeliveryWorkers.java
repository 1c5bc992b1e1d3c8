package io.nearby.server.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads that write the fan-out's frames to the clients, shared by every session of the server. The
 * Pub/Sub reader (which must never block) only {@link #schedule}s the outboxes a message gave something to send, then
 * {@link #signal}s once per message: one worker wakes for all of them (at the default load one wake-up per update,
 * not one per delivery), and a worker keeps taking outboxes until none is ready before it sleeps, so under load the
 * wake-ups become rare.
 *
 * <p>A client that does not read blocks the worker writing to it, never the reader or the other sessions: a signal
 * wakes (or starts) another worker whenever every running worker has been stuck in one write for longer than
 * {@link #STUCK}. The registry's once-a-second tick signals too, so an outbox queued behind a stuck worker waits at
 * most that long even when no message arrives. Workers idle for {@link #IDLE_EXIT} end, down to {@link #KEEP}.
 */
public final class DeliveryWorkers implements AutoCloseable {
    static final long STUCK = TimeUnit.MILLISECONDS.toNanos(2);
    static final long IDLE_EXIT = TimeUnit.SECONDS.toNanos(30);
    static final int KEEP = 2;
    /** Workers at most: as many clients may be stuck at once before a ready outbox waits for one to come free. */
    static final int MAX = 4_096;

    private final class Worker implements Runnable {
        volatile Thread thread;
        /** When the write in progress began, 0 between writes. */
        volatile long writingSince;

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                while (!closed) {
                    Outbox next = ready.poll();
                    if (next != null) {
                        next.unmarkScheduled();
                        writingSince = System.nanoTime();
                        try {
                            next.flush();
                        } finally {
                            writingSince = 0;
                        }
                        continue;
                    }
                    if (!sleep()) {
                        return;
                    }
                }
            } finally {
                running.remove(this);
                idle.remove(this);
                count.decrementAndGet();
            }
        }

        /** Parks until signalled; false when this worker should end (idle too long with enough others, or closed). */
        private boolean sleep() {
            running.remove(this);
            idle.push(this);
            if (!ready.isEmpty() && idle.remove(this)) { // queued between our poll and our push: no signal saw us idle
                running.add(this);
                return true;
            }
            long deadline = System.nanoTime() + IDLE_EXIT;
            while (idle.contains(this) && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (count.get() > KEEP && idle.remove(this)) {
                        return false;
                    }
                    deadline = System.nanoTime() + IDLE_EXIT;
                    continue;
                }
                LockSupport.parkNanos(this, left);
            }
            running.add(this);
            return !closed;
        }
    }

    private final ConcurrentLinkedQueue<Outbox> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final Set<Worker> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    /** Queues the outbox for a worker (once, however often it is scheduled before a worker takes it). Never blocks. */
    void schedule(Outbox outbox) {
        if (outbox.markScheduled()) {
            ready.add(outbox);
        }
    }

    /** Makes sure a healthy worker will take what is queued: wakes an idle one or starts one if none is running freely. */
    public void signal() {
        if (ready.isEmpty() || closed) {
            return;
        }
        long now = System.nanoTime();
        for (Worker w : running) {
            long since = w.writingSince;
            if (since == 0 || now - since < STUCK) {
                return; // it takes the next ready outbox as soon as it is done
            }
        }
        Worker sleeping = idle.pollFirst();
        if (sleeping != null) {
            running.add(sleeping);
            Thread t = sleeping.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
            return;
        }
        if (count.incrementAndGet() > MAX) {
            count.decrementAndGet();
            return;
        }
        Worker fresh = new Worker();
        running.add(fresh);
        Thread.ofVirtual().name("nearby-delivery").start(fresh);
    }

    /** Workers alive now (for metrics and tests). */
    public int workers() {
        return count.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w = idle.poll(); w != null; w = idle.poll()) {
            Thread t = w.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
