package io.nearby.server.config;

import io.nearby.history.HistoryWriter;
import io.nearby.history.Retention;

/**
 * Location history: how long points are kept and how much the writer may hold. Where history goes is in
 * {@link BackendConfig} (Cassandra when NEARBY_CASSANDRA_CONTACT_POINTS is set, else the user DB).
 *
 * @param retention     NEARBY_HISTORY_TTL_DAYS [30] (1–3650): the TTL of every point
 * @param queueCapacity NEARBY_HISTORY_QUEUE_CAPACITY [100000] (1000–10000000): points held in memory before new
 *                      ones are dropped (~50 bytes each)
 * @param maxInFlight   NEARBY_HISTORY_MAX_IN_FLIGHT [256] (1–4096): concurrent history writes to the store
 */
public record HistoryConfig(Retention retention, int queueCapacity, int maxInFlight) {
    public static final int DEFAULT_TTL_DAYS = 30;

    static HistoryConfig from(Env env) {
        return new HistoryConfig(
                Retention.ofDays(env.integer("NEARBY_HISTORY_TTL_DAYS", DEFAULT_TTL_DAYS, 1, 3650)),
                env.integer("NEARBY_HISTORY_QUEUE_CAPACITY", HistoryWriter.Settings.DEFAULT_QUEUE_CAPACITY, 1_000, 10_000_000),
                env.integer("NEARBY_HISTORY_MAX_IN_FLIGHT", HistoryWriter.Settings.DEFAULT_MAX_IN_FLIGHT, 1, 4096));
    }

    public HistoryWriter.Settings writerSettings() {
        return HistoryWriter.Settings.of(queueCapacity, maxInFlight);
    }
}
