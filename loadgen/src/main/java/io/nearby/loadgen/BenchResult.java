package io.nearby.loadgen;

import java.time.Duration;
import java.util.Map;

/**
 * Everything one run measured, ready for {@link Report}. Unknown figures are NaN (doubles) or -1 (counts), never
 * invented.
 */
record BenchResult(String command, String startedAt, MachineFacts machine, double[] loadBefore, double[] loadAfter,
                   Workload workload, Setup setup, IdleMemory idle, LoadWindow load, Resources resources,
                   Baseline baseline) {

    /** What was simulated. {@code server} is "started here" or the URL of an existing server. */
    record Workload(int users, int friendsTarget, double meanFriends, double nearFractionTarget,
                    double nearFractionMeasured, double meanNearFriends, Duration period, double jitter,
                    Duration warmup, Duration duration, double radiusMiles, String server, String serverJvmArgs) {
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
                      LatencySummary scheduleLag, Map<String, Double> serverCounters, Map<String, Double> serverTotals) {
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
                     int serverThreads, double redisCores, double generatorCores, double machineBusy) {
        Resources withIdle(double idleCores) {
            return new Resources(serverCores, idleCores, serverRssStartKb, serverRssEndKb, serverThreads, redisCores,
                    generatorCores, machineBusy);
        }
    }

    record Baseline(int channels, int publishers, BaselinePhase maxRate, BaselinePhase paced) {
    }
}
