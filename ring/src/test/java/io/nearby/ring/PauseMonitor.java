package io.nearby.ring;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stalls of this JVM and machine, as intervals of {@code System.nanoTime()}, so that latency budgets can subtract the
 * stalls an update lived through ({@link #pausedNanos}) instead of blaming them on the product. Thread-safe.
 *
 * <p>It measures this JVM's own pauses as jHiccup does: a platform thread asks to wake every millisecond and records
 * each wake-up more than {@link #THRESHOLD_NANOS} late as a pause {@code [due, woke]}. In such a pause no thread of the
 * JVM ran — a GC, or the whole process starved of CPU on a shared machine — so the product's threads could not deliver
 * anything either. Other probes add the stalls they see with {@link #record} (see {@link ControlPath}); overlapping
 * intervals count once.
 *
 * <p>A CPU-bound thread that merely gets its fair share of a busy machine is not paused in that sense (a thread waking
 * every millisecond is scheduled at once); {@link #runQueueWaitNanos()} measures that for the calling thread.
 */
public final class PauseMonitor implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Later than this counts as a pause: far above a park's normal wake-up latency (tens of microseconds). */
    static final long THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    // stall i is [starts[i], ends[i]], in the order recorded; guarded by this
    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int count;
    private long longest;
    // starts and ends of the union of the stalls, sorted; recomputed when stalls were recorded since
    private long[] mergedStarts = new long[0];
    private long[] mergedEnds = new long[0];
    private int mergedCount = -1;
    private final Thread thread;
    private volatile boolean running = true;

    public PauseMonitor() {
        thread = Thread.ofPlatform().daemon().name("pause-monitor").start(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    private void run() {
        long due = System.nanoTime() + TICK_NANOS;
        while (running) {
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long woke = System.nanoTime();
            if (woke - due > THRESHOLD_NANOS) {
                record(due, woke);
            }
            due = woke + TICK_NANOS;
        }
    }

    /** A stall {@code [start, end]} (nanoTime) seen by some probe. */
    public synchronized void record(long start, long end) {
        if (end <= start) {
            return;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
        longest = Math.max(longest, end - start);
    }

    /** How much of [from, to] lies in recorded stalls. */
    public synchronized long pausedNanos(long from, long to) {
        merge();
        // the first merged stall that ends after from: merged stalls are sorted and disjoint
        int low = 0;
        int high = mergedStarts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (mergedEnds[mid] <= from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        long paused = 0;
        for (int i = low; i < mergedStarts.length && mergedStarts[i] < to; i++) {
            paused += Math.min(mergedEnds[i], to) - Math.max(mergedStarts[i], from);
        }
        return paused;
    }

    /** The longest stall recorded so far. */
    public synchronized long longestNanos() {
        return longest;
    }

    private void merge() {
        if (mergedCount == count) {
            return;
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        long[] s = new long[count];
        long[] e = new long[count];
        int n = 0;
        for (int i : order) {
            if (n > 0 && starts[i] <= e[n - 1]) {
                e[n - 1] = Math.max(e[n - 1], ends[i]);
            } else {
                s[n] = starts[i];
                e[n] = ends[i];
                n++;
            }
        }
        mergedStarts = Arrays.copyOf(s, n);
        mergedEnds = Arrays.copyOf(e, n);
        mergedCount = count;
    }

    /**
     * How long the calling (platform) thread has, in total, been ready to run while the OS ran others: the second field
     * of {@code /proc/thread-self/schedstat} (Linux). 0 where the kernel does not tell.
     */
    public static long runQueueWaitNanos() {
        try {
            // not Files.readString: on procfs (size 0) it may return only the first byte
            return Long.parseLong(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/schedstat"))
                    .getFirst().trim().split("\\s+")[1]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
