package io.nearby.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux {@code /proc} figures of one process and of the machine, parsed from the files' text (the parsers are pure;
 * {@link #sample(long)} and friends read the files). CPU time is in clock ticks of {@link #TICKS_PER_SECOND}.
 */
final class ProcStats {
    /** USER_HZ: 100 on every mainstream Linux (what {@code getconf CLK_TCK} prints). */
    static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /**
     * One process at one moment. {@code jitTicks}: the part of {@code cpuTicks} spent by its JIT compiler threads (the
     * JVM's {@code C1 CompilerThread*} and {@code C2 CompilerThread*}; 0 for a process without them).
     */
    record ProcessSample(long nanoTime, long cpuTicks, long rssKb, int threads, long jitTicks) {
    }

    /** The machine's CPUs at one moment, summed over all of them ({@code cpu} line of /proc/stat). */
    record MachineSample(long busyTicks, long totalTicks) {
        /** Busy share of all CPUs between {@code before} and this sample, 0–1. */
        double busySince(MachineSample before) {
            long total = totalTicks - before.totalTicks;
            return total <= 0 ? 0 : (double) (busyTicks - before.busyTicks) / total;
        }
    }

    /**
     * utime + stime from a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may itself
     * contain spaces and parentheses, so fields are counted after the last ')'.
     */
    static long cpuTicks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // after ")": f[0] is field 3 (state), so field n is f[n - 3]; utime = 14, stime = 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A {@code key:  value ...} line of {@code /proc/<pid>/status} or {@code /proc/meminfo}, as a number (kB for sizes). */
    static long statusValue(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] f = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        throw new IllegalArgumentException("no " + key + " in status");
    }

    /** The three load averages of {@code /proc/loadavg}. */
    static double[] loadAverage(String loadavg) {
        String[] f = loadavg.trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    /** Busy and total ticks from the first ({@code cpu}) line of {@code /proc/stat}; idle + iowait count as not busy. */
    static MachineSample machine(String procStat) {
        String[] f = procStat.substring(0, procStat.indexOf('\n')).trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat: " + f[0]);
        }
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new MachineSample(total - idle, total);
    }

    /** A HotSpot JIT compiler thread, by its name in {@code /proc/<pid>/task/<tid>/comm} (cut to 15 characters). */
    static boolean jitCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * Reads {@code /proc/<pid>/stat}, {@code status} and its JIT compiler threads' {@code task/<tid>/stat}; empty when
     * the process is gone or /proc is unavailable.
     */
    static Optional<ProcessSample> sample(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String stat = Files.readString(proc.resolve("stat"));
            String status = Files.readString(proc.resolve("status"));
            return Optional.of(new ProcessSample(System.nanoTime(), cpuTicks(stat), statusValue(status, "VmRSS"),
                    (int) statusValue(status, "Threads"), jitTicks(proc.resolve("task"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime of the JIT compiler threads under {@code /proc/<pid>/task}; threads that end meanwhile are skipped. */
    private static long jitTicks(Path tasks) throws IOException {
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    if (jitCompilerThread(Files.readString(task.resolve("comm")).strip())) {
                        ticks += cpuTicks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    static Optional<MachineSample> machine() {
        try {
            return Optional.of(machine(Files.readString(Path.of("/proc/stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<double[]> loadAverage() {
        try {
            return Optional.of(loadAverage(Files.readString(Path.of("/proc/loadavg"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU share of one core used between two samples: 1.0 = one core busy all the time. */
    static double cpuCores(ProcessSample before, ProcessSample after) {
        return cores(before, after, after.cpuTicks() - before.cpuTicks());
    }

    /** The part of {@link #cpuCores} its JIT compiler threads used (a thread that ended meanwhile is not counted). */
    static double jitCores(ProcessSample before, ProcessSample after) {
        return cores(before, after, Math.max(0, after.jitTicks() - before.jitTicks()));
    }

    private static double cores(ProcessSample before, ProcessSample after, long ticks) {
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        return seconds <= 0 ? 0 : ticks / (double) TICKS_PER_SECOND / seconds;
    }
}
