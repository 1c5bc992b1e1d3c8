package io.nearby.server.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@link #STUCK}; when they are all in a write that is not yet that old, it looks again {@link #STUCK} later. So an
 * outbox queued behind a stuck worker waits a few milliseconds. Idle workers stay parked; there are as many as the
 * most writes that were ever in progress at once.
 *
 * <p>The first {@link #PLATFORM} workers are platform threads, the rest virtual threads. Waking a parked platform
 * thread is one futex wake; waking a virtual thread also wakes a carrier of the scheduler's pool, which parks again
 * after the write — measured in the default benchmark, the carriers' park/unpark was the largest single cost of the
 * fan-out's hand-off. The extra workers exist only while clients are stuck, so they stay cheap (a parked virtual
 * thread costs about a kilobyte) however many clients stop reading.
 */
public final class DeliveryWorkers implements AutoCloseable {
    static final long STUCK = TimeUnit.MILLISECONDS.toNanos(2);
    /** Workers at most: as many clients may be stuck at once before a ready outbox waits for one to come free. */
    static final int MAX = 4_096;
    /** Platform-thread workers at most (the common case: one or two writes in progress at a time). */
    static final int PLATFORM = 2;
    private static final long PLATFORM_STACK_BYTES = 256 * 1024;

    private final class Worker implements Runnable {
        volatile Thread thread;
        /** When the write in progress began, 0 between writes. */
        volatile long writingSince;
        /** A platform thread (one of the first {@link #PLATFORM}). */
        boolean onPlatformThread;

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
                if (onPlatformThread) {
                    platform.decrementAndGet();
                }
            }
        }

        /**
         * Parks until signalled (untimed: a timed park of a virtual thread arms a timer in the JDK's delay scheduler
         * every time); false when closed.
         */
        private boolean sleep() {
            running.remove(this);
            idle.push(this);
            if (!ready.isEmpty() && idle.remove(this)) { // queued between our poll and our push: no signal saw us idle
                running.add(this);
                return true;
            }
            while (idle.contains(this) && !closed) {
                LockSupport.park(this);
            }
            running.add(this);
            return !closed;
        }
    }

    private final ConcurrentLinkedQueue<Outbox> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final Set<Worker> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger platform = new AtomicInteger();
    private final AtomicBoolean recheck = new AtomicBoolean();
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
        boolean writing = false;
        for (Worker w : running) {
            long since = w.writingSince;
            if (since == 0) {
                return; // between writes: it takes the next ready outbox now
            }
            if (now - since < STUCK) {
                writing = true; // may be done in a moment, or stuck: look again once it would count as stuck
            }
        }
        if (writing) {
            recheckLater();
            return;
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
        if (platform.incrementAndGet() <= PLATFORM) {
            fresh.onPlatformThread = true;
            Thread.ofPlatform().name("nearby-delivery").daemon().stackSize(PLATFORM_STACK_BYTES).start(fresh);
        } else {
            platform.decrementAndGet();
            Thread.ofVirtual().name("nearby-delivery").start(fresh);
        }
    }

    /** One virtual thread at a time sleeps {@link #STUCK} and signals again: a stuck worker is replaced within ~2x. */
    private void recheckLater() {
        if (recheck.compareAndSet(false, true)) {
            Thread.ofVirtual().name("nearby-delivery-recheck").start(() -> {
                LockSupport.parkNanos(STUCK);
                recheck.set(false);
                signal();
            });
        }
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
