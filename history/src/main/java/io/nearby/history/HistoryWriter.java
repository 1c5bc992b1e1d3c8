package io.nearby.history;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The history path of every accepted location update: {@link #append} puts the point on a bounded in-memory queue
 * and returns at once (it never blocks, never throws); one drain thread takes the queue in batches and hands them to
 * the {@link HistoryStore} with at most {@code maxInFlight} points in flight. Nothing here ever waits on the caller's
 * behalf, so a slow or dead store cannot slow the live path.
 *
 * <p>Losing points is the designed failure mode: a full queue drops the new point, a failed write drops its points;
 * both are counted ({@link #droppedQueueFull()}, {@link #droppedStoreFailed()}) and never retried (no retry storms
 * against a struggling cluster). A warning with the counts is logged at most once per {@code logInterval}, and one
 * line when writes succeed again. Recovery needs nothing from here: the next batch simply succeeds.
 *
 * <p>Side effects: starts a daemon thread {@code history-writer}; {@link #close} stops it after writing what is
 * queued (within a grace period). Thread-safe.
 */
public final class HistoryWriter implements LocationHistory, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistoryWriter.class.getName());
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** While lingering, how often the drain thread looks whether a full batch is already waiting. */
    private static final long LINGER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * @param queueCapacity points held in memory at most (a queued point is ~50 bytes, its user id shared with
     *                      the session: 100,000 ≈ 5 MB)
     * @param maxInFlight   points handed to the store and not yet acknowledged, at most (Cassandra: requests)
     * @param batchSize     points taken from the queue at once, at most {@code maxInFlight}
     * @param linger        how long the drain thread lets points gather after the first one of a batch before it
     *                      takes them (unless a full batch is already waiting): under light load one write (and one
     *                      wake-up of this thread) carries many points instead of one; history is that much later
     * @param logInterval   at most one drop warning per interval
     */
    public record Settings(int queueCapacity, int maxInFlight, int batchSize, Duration linger, Duration logInterval) {
        public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
        public static final int DEFAULT_MAX_IN_FLIGHT = 256;
        public static final Duration DEFAULT_LINGER = Duration.ofMillis(100);

        public Settings {
            if (queueCapacity < 1 || maxInFlight < 1 || batchSize < 1 || batchSize > maxInFlight || linger.isNegative()) {
                throw new IllegalArgumentException("need queueCapacity >= 1, 1 <= batchSize <= maxInFlight, linger >= 0: " + this);
            }
        }

        public static Settings of(int queueCapacity, int maxInFlight) {
            return new Settings(queueCapacity, maxInFlight, Math.min(maxInFlight, 256), DEFAULT_LINGER, Duration.ofSeconds(30));
        }

        public static Settings defaults() {
            return of(DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_IN_FLIGHT);
        }
    }

    private final HistoryStore store;
    private final Settings settings;
    private final BlockingQueue<HistoryPoint> queue;
    private final Semaphore inFlight;
    private final Thread drainer;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedStoreFailed = new LongAdder();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean closed;
    private volatile long closeDeadlineNanos;
    // drop report state, touched by the drain thread only
    private long lastReportNanos;
    private long reportedFull;
    private long reportedFailed;

    public HistoryWriter(HistoryStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.lastReportNanos = System.nanoTime() - settings.logInterval().toNanos();
        this.drainer = Thread.ofPlatform().name("history-writer").daemon().start(this::drain);
    }

    /** Queues the point, or drops and counts it when the queue is full. Never blocks, never throws. */
    @Override
    public void append(String userId, double lat, double lon, long ts) {
        if (!closed && queue.offer(new HistoryPoint(userId, lat, lon, ts))) {
            accepted.increment();
        } else {
            droppedQueueFull.increment();
        }
    }

    /** Points waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    public int queueCapacity() {
        return settings.queueCapacity();
    }

    /** Points handed to the store and not yet acknowledged. */
    public int inFlight() {
        return settings.maxInFlight() - inFlight.availablePermits();
    }

    /** Points the store acknowledged, since start. */
    public long written() {
        return written.sum();
    }

    /** Points dropped because the queue was full (or the writer closed), since start. */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Points dropped because the store failed to write them (down, timeout, not connected yet), since start. */
    public long droppedStoreFailed() {
        return droppedStoreFailed.sum();
    }

    /** All dropped points. */
    public long dropped() {
        return droppedQueueFull() + droppedStoreFailed();
    }

    /** True when the last write failed. */
    public boolean failing() {
        return failing.get();
    }

    /**
     * Waits until every point queued before this call is written or dropped, at most {@code timeout}; used before a
     * user's history is deleted so that the points already accepted are deleted too.
     *
     * @return false on timeout
     */
    public boolean flush(Duration timeout) {
        long target = accepted.sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.sum() + droppedStoreFailed.sum() < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    private void drain() {
        List<HistoryPoint> batch = new ArrayList<>(settings.batchSize());
        while (running || !(queue.isEmpty() || pastCloseDeadline())) {
            report();
            HistoryPoint first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose; the loop condition decides
            }
            if (first == null) {
                continue;
            }
            linger();
            batch.add(first);
            queue.drainTo(batch, settings.batchSize() - 1);
            if (acquire(batch.size())) {
                submit(List.copyOf(batch));
            } else {
                droppedQueueFull.add(batch.size());
            }
            batch.clear();
        }
        int left = queue.size();
        queue.clear();
        droppedQueueFull.add(left);
        try {
            inFlight.tryAcquire(settings.maxInFlight(), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report();
        LOG.log(Level.INFO, "history writer stopped: " + written() + " written, " + dropped() + " dropped"
                + (left > 0 ? " (" + left + " still queued at shutdown)" : ""));
    }

    /**
     * After the first point of a batch: sleep (not waiting on the queue, so offers meanwhile wake nobody) until the
     * linger has passed, a full batch is waiting, or the writer is closing.
     */
    private void linger() {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        for (long left = settings.linger().toNanos(); left > 0 && running && queue.size() < settings.batchSize() - 1;
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, Math.min(left, LINGER_CHECK_NANOS));
        }
    }

    private boolean pastCloseDeadline() {
        return !running && System.nanoTime() - closeDeadlineNanos > 0;
    }

    /** Waits for in-flight permits (the store is slow: the queue absorbs it); gives up only when closing. */
    private boolean acquire(int permits) {
        while (true) {
            try {
                if (inFlight.tryAcquire(permits, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                // nobody interrupts this thread on purpose
            }
            report();
            if (pastCloseDeadline()) {
                return false;
            }
        }
    }

    private void submit(List<HistoryPoint> batch) {
        int n = batch.size();
        try {
            store.write(batch).whenComplete((result, e) ->
                    completed(n, e != null ? HistoryStore.Written.none(n, e) : result));
        } catch (RuntimeException e) {
            completed(n, HistoryStore.Written.none(n, e));
        }
    }

    private void completed(int n, HistoryStore.Written w) {
        int stored = Math.clamp(w.stored(), 0, n);
        written.add(stored);
        droppedStoreFailed.add(n - stored);
        inFlight.release(n);
        if (n - stored > 0) {
            lastError.set(w.error());
            failing.set(true);
        } else if (failing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "history store " + store.describe() + " writes succeed again");
        }
    }

    /** At most once per interval: a warning when points were dropped since the last one. Drain thread only. */
    private void report() {
        long now = System.nanoTime();
        if (now - lastReportNanos < settings.logInterval().toNanos()) {
            return;
        }
        long full = droppedQueueFull.sum();
        long failed = droppedStoreFailed.sum();
        if (full == reportedFull && failed == reportedFailed) {
            return;
        }
        Throwable error = lastError.get();
        LOG.log(Level.WARNING, String.format(
                "history: dropped %d point(s) since the last report (queue full: %d, store failed: %d); queue %d/%d,"
                        + " %d written so far; store %s; last error: %s",
                full - reportedFull + failed - reportedFailed, full - reportedFull, failed - reportedFailed,
                queue.size(), settings.queueCapacity(), written(), store.describe(),
                error == null ? "none" : error.getClass().getSimpleName() + ": " + error.getMessage()));
        reportedFull = full;
        reportedFailed = failed;
        lastReportNanos = now;
    }

    /** Stops taking points, writes what is queued (at most ~2 s), then stops the drain thread. The store stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeDeadlineNanos = System.nanoTime() + CLOSE_GRACE.toNanos();
        running = false;
        // no interrupt: the drain thread polls with a timeout, and an interrupt could break a JDBC store's file I/O
        try {
            drainer.join(CLOSE_GRACE.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
