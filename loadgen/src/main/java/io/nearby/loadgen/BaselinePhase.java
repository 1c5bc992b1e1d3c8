package io.nearby.loadgen;

/**
 * One measured window of the Redis baseline.
 *
 * @param offeredPerSecond publishes/s the publishers aimed at; 0 = as fast as Redis answers
 * @param published        publishes inside the window
 * @param delivered        of those, received by the subscriber
 * @param redisCores       Redis CPU over the window in cores (1.0 = one core busy); NaN when unknown
 * @param clientCores      this JVM's CPU (publishers + subscriber) over the window in cores
 */
record BaselinePhase(double offeredPerSecond, double seconds, long published, long delivered, LatencySummary latency,
                     double redisCores, double clientCores) {
    double publishedPerSecond() {
        return published / seconds;
    }

    double deliveredPerSecond() {
        return delivered / seconds;
    }
}
