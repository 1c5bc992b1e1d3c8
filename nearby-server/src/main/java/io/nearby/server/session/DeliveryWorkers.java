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

    private static final int RUNNING = 0;
    private static final int IDLE = 1;

    private final class Worker implements Runnable {
        volatile Thread thread;
        /** When the write in progress began, 0 between writes. */
        volatile long writingSince;
        /**
         * {@link #RUNNING} or {@link #IDLE}. Only a compare-and-set from IDLE to RUNNING wakes a worker — by a
         * {@link #signal} or by the worker itself when work arrived while it was going to sleep — so exactly one of
         * them wins, and a worker is never counted as running while it sleeps.
         */
        final AtomicInteger state = new AtomicInteger(RUNNING);
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
                workers.remove(this);
                idle.remove(this);
                count.decrementAndGet();
                if (onPlatformThread) {
                    platform.decrementAndGet();
                }
            }
        }

        /**
         * Parks until signalled (untimed: a timed park of a virtual thread arms a timer in the JDK's delay scheduler
         * every time); false when closed. Declares itself idle first and then looks at the queue once more: an
         * outbox queued before that look is taken now, one queued after it finds this worker idle in {@link #signal}.
         */
        private boolean sleep() {
            state.set(IDLE);
            idle.push(this);
            if (!ready.isEmpty() && state.compareAndSet(IDLE, RUNNING)) {
                idle.remove(this);
                return true;
            }
            while (state.get() == IDLE && !closed) {
                LockSupport.park(this);
            }
            return !closed;
        }
    }

    private final ConcurrentLinkedQueue<Outbox> ready = new ConcurrentLinkedQueue<>();
    /** Workers that may be idle, most recently idle first; an entry whose worker is running again is skipped. */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    /** Every live worker. */
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
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
        for (Worker w : workers) {
            if (w.state.get() != RUNNING) {
                continue;
            }
            long since = w.writingSince;
            if (since == 0) {
                return; // between writes: it takes the next ready outbox now (or sees it before it sleeps)
            }
            if (now - since < STUCK) {
                writing = true; // may be done in a moment, or stuck: look again once it would count as stuck
            }
        }
        if (writing) {
            recheckLater();
            return;
        }
        for (Worker sleeping = idle.pollFirst(); sleeping != null; sleeping = idle.pollFirst()) {
            if (sleeping.state.compareAndSet(IDLE, RUNNING)) {
                LockSupport.unpark(sleeping.thread); // set before it first slept
                return;
            }
        }
        if (count.incrementAndGet() > MAX) {
            count.decrementAndGet();
            return;
        }
        Worker fresh = new Worker();
        workers.add(fresh);
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
        for (Worker w : workers) {
            Thread t = w.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
