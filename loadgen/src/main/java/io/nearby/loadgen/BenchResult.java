package io.nearby.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Everything one run measured, ready for {@link Report}. Unknown figures are NaN (doubles) or -1 (counts), never
 * invented. {@code load} and {@code resources} are the server's measured window (in a sweep: its first step);
 * {@code floor} is the stack floor's (null with --no-floor), {@code sweep} the saturation sweep (null without it).
 */
record BenchResult(String command, String startedAt, MachineFacts machine, double[] loadBefore, double[] loadAfter,
                   Workload workload, Setup setup, IdleMemory idle, LoadWindow load, Resources resources,
                   Baseline baseline, Floor floor, SweepResult sweep) {

    /** The server's window as a phase. */
    Phase serverPhase() {
        return new Phase(load, resources);
    }

    /**
     * What was simulated. {@code server} is "started here" or the URL of an existing server; {@code preset} the
     * --preset name or null; {@code nearFriendsTarget} the wanted mean of friends within the radius and
     * {@code hoodSize} the people per neighbourhood it made.
     */
    record Workload(int users, int friendsTarget, double meanFriends, double nearFractionTarget,
                    double nearFractionMeasured, double meanNearFriends, Duration period, double jitter,
                    Duration warmup, Duration duration, double radiusMiles, String server, String serverJvmArgs,
                    String preset, double nearFriendsTarget, int hoodSize) {
        double offeredPerSecond() {
            return users / (period.toNanos() / 1e9);
        }
    }

    /** REST setup and WebSocket connection. */
    record Setup(double restSeconds, long restRequests, long restRetries, int connected, int connectFailures,
                 double connectSeconds) {
    }

    /**
     * Server memory with no connections and with {@code connections} idle ones (init sent, nothing else), each
     * measured after a forced GC when {@code gcForced}.
     */
    record IdleMemory(int connections, boolean gcForced, long rssBeforeKb, long rssAfterKb, double heapBeforeBytes,
                      double heapAfterBytes) {
        double rssPerConnectionKb() {
            return rssBeforeKb < 0 || rssAfterKb < 0 || connections == 0 ? Double.NaN
                    : (rssAfterKb - rssBeforeKb) / (double) connections;
        }

        double heapPerConnectionKb() {
            return connections == 0 ? Double.NaN : (heapAfterBytes - heapBeforeBytes) / 1024.0 / connections;
        }
    }

    /**
     * The measured window: the generator's counts (and those of the whole run, for errors), end-to-end latency, how
     * late the generator ran against its schedule, and the server's own counters over the same window (deltas of
     * {@code /metrics}) and since it started ({@code serverTotals}, read at the end of the window).
     */
    record LoadWindow(double seconds, LoadCounters.Snapshot counts, LoadCounters.Snapshot wholeRun, LatencySummary endToEnd,
                      LatencySummary scheduleLag, Map<String, Double> serverCounters, Map<String, Double> serverTotals,
                      LoadCounters.Exact exact, Histogram latencyHistogram) {
        LoadWindow(double seconds, LoadCounters.Snapshot counts, LoadCounters.Snapshot wholeRun, LatencySummary endToEnd,
                   LatencySummary scheduleLag, Map<String, Double> serverCounters, Map<String, Double> serverTotals) {
            this(seconds, counts, wholeRun, endToEnd, scheduleLag, serverCounters, serverTotals, LoadCounters.Exact.NONE, null);
        }

        LoadWindow withWholeRun(LoadCounters.Snapshot whole) {
            return new LoadWindow(seconds, counts, whole, endToEnd, scheduleLag, serverCounters, serverTotals, exact,
                    latencyHistogram);
        }

        double sentPerSecond() {
            return counts.sent() / seconds;
        }

        double deliveriesPerSecond() {
            return counts.friendLocations() / seconds;
        }

        double serverCounter(String name) {
            return serverCounters.getOrDefault(name, Double.NaN);
        }
    }

    /**
     * CPU over the measured window in cores (1.0 = one core busy all the time) and memory. {@code serverIdleCores} is
     * the server's CPU with every connection open and nobody moving (measured just before the warm-up): its fixed
     * cost. {@code machineBusy} is the busy share of all the machine's CPUs, whoever used them.
     */
    record Resources(double serverCores, double serverIdleCores, long serverRssStartKb, long serverRssEndKb,
                     int serverThreads, double redisCores, double generatorCores, double machineBusy,
                     double serverJitCores) {
        Resources withIdle(double idleCores) {
            return new Resources(serverCores, idleCores, serverRssStartKb, serverRssEndKb, serverThreads, redisCores,
                    generatorCores, machineBusy, serverJitCores);
        }
    }

    record Baseline(int channels, int publishers, BaselinePhase maxRate, BaselinePhase paced) {
    }

    /**
     * One measured window of one target (the server or the floor) and its CPU, with the figures derived from them.
     * Updates are what the target counted as received ({@code nearby_location_updates_total},
     * {@code floor_received_total}), else what the clients sent; deliveries are the frames the clients received.
     */
    record Phase(LoadWindow load, Resources resources) {
        double updates() {
            for (String name : new String[] {"nearby_location_updates_total", "floor_received_total"}) {
                Double v = load.serverCounters().get(name);
                if (v != null && !v.isNaN()) {
                    return v;
                }
            }
            return load.counts().sent();
        }

        double deliveries() {
            return load.counts().friendLocations();
        }

        /** The target process's CPU per update, µs (all-in: its fan-out included). */
        double cpuPerUpdateMicros() {
            return micros(resources.serverCores(), updates());
        }

        double cpuPerDeliveryMicros() {
            return micros(resources.serverCores(), deliveries());
        }

        /**
         * {@link #cpuPerUpdateMicros} without the JIT compiler's threads: the steady state, which a warm-up of seconds
         * does not reach (C2 still compiles the server's larger code base during the window; NaN when not measured).
         */
        double cpuPerUpdateWithoutJitMicros() {
            return micros(resources.serverCores() - resources.serverJitCores(), updates());
        }

        /** The JIT compiler threads' share of the target's CPU in the window, 0–1. */
        double jitShare() {
            return resources.serverJitCores() / resources.serverCores();
        }

        /** Deliveries per second per core of the target process. */
        double deliveriesPerCore() {
            return load.deliveriesPerSecond() / resources.serverCores();
        }

        private double micros(double cores, double events) {
            return events <= 0 || Double.isNaN(cores) ? Double.NaN : cores * load.seconds() * 1e6 / events;
        }
    }

    /**
     * The stack floor's part of the run: how it was started, its memory per idle connection (heap after a full GC,
     * RSS), its connections and its measured window (in a sweep: its first step).
     */
    record Floor(String label, double planMeanTargets, int connected, double connectSeconds, IdleMemory idle,
                 LoadWindow load, Resources resources) {
        Phase phase() {
            return new Phase(load, resources);
        }
    }

    /** A saturation sweep: its rule, its steps in order, and why it stopped. */
    record SweepResult(Sweep.Rule rule, double factor, List<SweepStep> steps, String stopReason) {
        /** The highest offered rate of a passing server step; NaN when none passed. */
        double highestPassingRate() {
            return Sweep.highestPassing(steps);
        }
    }

    /**
     * One step of the sweep. {@code floor} and {@code floorVerdict} are null when the floor was not measured at
     * this rate (--no-floor, or it had failed at a lower rate).
     */
    record SweepStep(int index, double offeredPerSecond, Duration period, Phase server, Sweep.Verdict verdict,
                     Phase floor, Sweep.Verdict floorVerdict) {
    }
}
