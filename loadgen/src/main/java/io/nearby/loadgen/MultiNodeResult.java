package io.nearby.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * Everything one multi-node run ({@link MultiNodeRun}) measured, ready for {@link MultiNodeReport}: the same shape on
 * one server ({@code one}) and then on every server ({@code many}; null when --servers is 1), on the same world.
 * Unknown figures are NaN, never invented.
 */
record MultiNodeResult(String command, String startedAt, MachineFacts machine, double[] loadBefore, double[] loadAfter,
                       Shape shape, World world, double restSeconds, long restRequests, BenchResult.IdleMemory idle,
                       double idleCores, Phase one, Phase many) {

    /** The simulated population and its load. */
    record Shape(int users, double meanFriends, double meanNearFriends, Duration period, double jitter, Duration warmup,
                 Duration duration, double radiusMiles, String serverJvmArgs, String preset) {
        double offeredPerSecond() {
            return users / (period.toNanos() / 1e9);
        }
    }

    /** What the run started: servers, the ring's nodes (in etcd or not), the cache, the user DB. */
    record World(int servers, int ringNodes, boolean ringInEtcd, String cache, int cacheMasters, int cacheReplicas,
                 String userDb) {
    }

    /** One server process over a window: its CPU and its own counters (deltas of {@code /metrics}). */
    record ServerFigures(String name, long pid, int connections, double cores, double jitCores, double updates,
                         double deliveries, double published, double received) {
        double cpuPerUpdateMicros(double seconds) {
            return micros(cores, seconds, updates);
        }

        double cpuPerDeliveryMicros(double seconds) {
            return micros(cores, seconds, deliveries);
        }
    }

    /** One redis-server over a window: {@code role} is {@code ring}, {@code cache}, {@code cache master} or {@code cache replica}. */
    record RedisFigures(String name, String role, double cores) {
    }

    /**
     * One measured window: the clients' counts, the exact accounting, end-to-end latency of every delivery and of the
     * deliveries between two servers, each server's and each Redis node's CPU, the generator's, the whole machine's.
     */
    record Phase(int servers, double seconds, LoadCounters.Snapshot counts, LoadCounters.Exact exact,
                 LatencySummary endToEnd, LatencySummary crossServer, LatencySummary scheduleLag,
                 double crossShareOfPairs, double crossShareOfDeliveries, List<ServerFigures> perServer,
                 List<RedisFigures> redis, double generatorCores, double machineBusy, int cpus) {

        /** The CPU of the servers that held connections in this window (an idle one is shown, not counted). */
        double fleetCores() {
            return perServer.stream().filter(s -> s.connections() > 0).mapToDouble(ServerFigures::cores).sum();
        }

        double updates() {
            return perServer.stream().mapToDouble(ServerFigures::updates).sum();
        }

        /** {@code friend_location} frames the servers sent. */
        double deliveries() {
            return perServer.stream().mapToDouble(ServerFigures::deliveries).sum();
        }

        double published() {
            return perServer.stream().mapToDouble(ServerFigures::published).sum();
        }

        /** Pub/Sub messages the servers received: each publish once per server holding a subscriber of its channel. */
        double received() {
            return perServer.stream().mapToDouble(ServerFigures::received).sum();
        }

        /** Servers reached per publish (received ÷ published). */
        double serversPerPublish() {
            return published() <= 0 ? Double.NaN : received() / published();
        }

        /** All servers' CPU per update, µs. */
        double fleetCpuPerUpdateMicros() {
            return micros(fleetCores(), seconds, updates());
        }

        double fleetCpuPerDeliveryMicros() {
            return micros(fleetCores(), seconds, deliveries());
        }

        /** The CPU of the Redis nodes whose role names {@code role}; one redis-server that is "cache + ring" counts for both. */
        double redisCores(String role) {
            return redis.stream().filter(r -> r.role().contains(role)).mapToDouble(RedisFigures::cores).sum();
        }

        /** The ring nodes' CPU per server delivery (a message to one server's subscriber connection), publishes included, µs. */
        double ringCpuPerServerDeliveryMicros() {
            return micros(redisCores("ring"), seconds, received());
        }

        /** The cache's CPU per update ({@code SET EX}; on a cluster the masters only), µs. */
        double cacheCpuPerUpdateMicros() {
            double cores = redis.stream().anyMatch(r -> r.role().equals("cache master"))
                    ? redisCores("cache master") : redisCores("cache");
            return micros(cores, seconds, updates());
        }

        /** What the processes the run did not start or measure used (PostgreSQL, etcd, other users of the machine). */
        double otherCores() {
            double known = perServer.stream().mapToDouble(ServerFigures::cores).sum() + redis.stream().mapToDouble(RedisFigures::cores).sum() + generatorCores;
            return machineBusy * cpus - known;
        }
    }

    static double micros(double cores, double seconds, double events) {
        return events <= 0 || Double.isNaN(cores) ? Double.NaN : cores * seconds * 1e6 / events;
    }
}
