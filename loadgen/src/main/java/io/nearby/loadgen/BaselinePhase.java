package io.nearby.loadgen;

/**
 * One measured window of the Redis baseline.
 *
 * @param offeredPerSecond publishes/s the publishers aimed at; 0 = as fast as Redis answers
 * @param published        publishes inside the window
 * @param delivered        of those, received by the subscriber
 * @param redisCores       Redis CPU over the window in cores (1.0 = one core busy); NaN when unknown
 * @param clientCores      this JVM's CPU (publishers + subscriber) over the window in cores
 * @param histogram        the latency histogram (µs) behind {@code latency}, for the CDF chart; may be null
 */
record BaselinePhase(double offeredPerSecond, double seconds, long published, long delivered, LatencySummary latency,
                     double redisCores, double clientCores, org.HdrHistogram.Histogram histogram) {
    double publishedPerSecond() {
        return published / seconds;
    }

    double deliveredPerSecond() {
        return delivered / seconds;
    }

    /** Redis + Jedis clients' CPU per delivered message, µs (one publish is one delivery here). */
    double cpuPerDeliveryMicros() {
        double cores = (Double.isNaN(redisCores) ? 0 : redisCores) + clientCores;
        return delivered <= 0 ? Double.NaN : cores * seconds * 1e6 / delivered;
    }
}
