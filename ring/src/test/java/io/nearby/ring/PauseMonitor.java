package io.nearby.ring;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's own pauses, measured as jHiccup does: a platform thread asks to wake every millisecond and records each
 * wake-up more than {@link #THRESHOLD_NANOS} late as a pause {@code [due, woke]}. In such a pause no thread of the JVM
 * ran — a GC, or the whole process starved of CPU on a shared machine — so the product's threads could not deliver
 * anything either; latency budgets subtract the pauses an update lived through ({@link #pausedNanos}) instead of
 * blaming them on the product. Thread-safe.
 *
 * <p>A CPU-bound thread that merely gets its fair share of a busy machine is not paused in that sense (a thread waking
 * every millisecond is scheduled at once); {@link #runQueueWaitNanos()} measures that for the calling thread.
 */
public final class PauseMonitor implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Later than this counts as a pause: far above a park's normal wake-up latency (tens of microseconds). */
    static final long THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    // pause i is [starts[i], ends[i]]; appended in time order, guarded by this
    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int count;
    private long longest;
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

    private synchronized void record(long start, long end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
        longest = Math.max(longest, end - start);
    }

    /** How much of [from, to] this JVM spent in measured pauses. */
    public synchronized long pausedNanos(long from, long to) {
        // the first pause that ends after from: ends[] is sorted, pauses do not overlap
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        long paused = 0;
        for (int i = low; i < count && starts[i] < to; i++) {
            paused += Math.min(ends[i], to) - Math.max(starts[i], from);
        }
        return paused;
    }

    /** The longest pause measured so far. */
    public synchronized long longestNanos() {
        return longest;
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
