package io.nearby.loadgen;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The measured per-node figures the capacity model ({@link CapacityModel}, docs/capacity.md) is computed from, as a
 * flat properties file: {@code bench-<timestamp>-figures.properties} written by every multi-node run, a copy of which
 * is committed as {@code docs/capacity-figures.properties}. Figures of the run are derived here from its
 * {@link MultiNodeResult}; the few that a multi-node run does not measure (Cassandra, heap per extra friend) are
 * earlier measurements, each with its source in {@link #SOURCES}.
 *
 * @param receivesPerUpdateOne      Pub/Sub messages the servers received per update, one-server window (≈ 1)
 * @param receivesPerUpdateMany     the same with every server ({@code received ÷ updates}: servers reached per publish)
 * @param serverUsPerUpdateOne      all servers' CPU per update, µs, one-server window (all-in: accept, publish, fan-out)
 * @param serverUsPerUpdateMany     the same, every server
 * @param serverUsPerDeliveryMany   all servers' CPU per {@code friend_location} sent, µs, every server
 * @param deliveriesPerUpdate       {@code friend_location} sent per update (the shape's friends within the radius)
 * @param notifiedPerUpdate         friends online per update (near + far: sessions that check the update)
 * @param idleUsPerConnectionSecond server CPU per open, idle connection, µs per second
 * @param heapKibPerConnection      heap per idle initialised connection (after a full GC), KiB, at {@code friendsPerConnection}
 * @param friendsPerConnection      the friends of each connection in that measurement
 * @param ringUsPerPublishOne       ring nodes' CPU per publish, µs, one-server window (each publish reaches 1 server)
 * @param ringUsPerPublishMany      the same with every server (each publish reaches {@code receivesPerUpdateMany})
 * @param cacheUsPerUpdate          cache CPU per update ({@code SET EX}), µs: the masters of a cache cluster
 * @param cacheReplicaUsPerUpdate   the replicas' CPU per update (replication), µs; NaN without replicas
 * @param heapKibPerFriend          heap per extra friend of a connection, KiB (not measured by the multi-node run)
 * @param cassandraPointsPerSecond  history points per second one Cassandra node sustained (not measured here)
 * @param cassandraBytesPerRow      bytes per history row on disk, all SSTable components (not measured here)
 * @param ringMessageBytes          one location update on the ring: channel + message, bytes (HeavyUserIT)
 * @param clientFrameBytes          one {@code friend_location} frame's JSON, bytes (HeavyUserIT)
 */
record CapacityFigures(double receivesPerUpdateOne, double receivesPerUpdateMany, double serverUsPerUpdateOne,
                       double serverUsPerUpdateMany, double serverUsPerDeliveryMany, double deliveriesPerUpdate,
                       double notifiedPerUpdate, double idleUsPerConnectionSecond, double heapKibPerConnection,
                       double friendsPerConnection, double ringUsPerPublishOne, double ringUsPerPublishMany,
                       double cacheUsPerUpdate, double cacheReplicaUsPerUpdate, double heapKibPerFriend,
                       double cassandraPointsPerSecond, double cassandraBytesPerRow, double ringMessageBytes,
                       double clientFrameBytes) {

    /** docs/benchmarks.md, "Memory per idle connection" (pre-rewrite): ~46 KiB + ~0.29 KiB per friend. */
    static final double HEAP_KIB_PER_FRIEND = 0.29;
    /** docs/history.md, "Measured here": 1,000,000 points, in-flight cap 256, one test-kit node, 6,732 points/s. */
    static final double CASSANDRA_POINTS_PER_SECOND = 6_732;
    /** docs/history.md, "Measured here": 28.7 B/row with all SSTable components. */
    static final double CASSANDRA_BYTES_PER_ROW = 28.7;

    /** HeavyUserIT's printed sizes of one update: on the ring (channel + message) and at a client (JSON). */
    static final double RING_MESSAGE_BYTES = 95;
    static final double CLIENT_FRAME_BYTES = 143;

    /** Where each figure comes from (the properties file's comments). */
    static final Map<String, String> SOURCES = sources();

    private static Map<String, String> sources() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("receives_per_update.one", "run, one-server window: Σ nearby_pubsub_received_total ÷ Σ nearby_location_updates_total");
        m.put("receives_per_update.many", "run, all-servers window: the same (servers reached per publish)");
        m.put("server_us_per_update.one", "run, one-server window: server CPU (/proc) × window ÷ updates accepted");
        m.put("server_us_per_update.many", "run, all-servers window: Σ server CPU × window ÷ Σ updates accepted");
        m.put("server_us_per_delivery.many", "run, all-servers window: Σ server CPU × window ÷ Σ nearby_fanout_deliveries_total");
        m.put("deliveries_per_update", "run, all-servers window: Σ deliveries ÷ Σ updates");
        m.put("notified_per_update", "run: mean friends per user, all online (near and far)");
        m.put("idle_us_per_connection_second", "run: server 0 CPU with every connection open and nobody moving ÷ connections");
        m.put("heap_kib_per_connection", "run: server 0 live heap (jcmd GC.class_histogram) with 0 and N idle connections ÷ N");
        m.put("friends_per_connection", "run: mean friends per user in that measurement");
        m.put("ring_us_per_publish.one", "run, one-server window: Σ ring redis-server CPU × window ÷ Σ published");
        m.put("ring_us_per_publish.many", "run, all-servers window: the same");
        m.put("cache_us_per_update", "run, all-servers window: cache masters' CPU × window ÷ updates");
        m.put("cache_replica_us_per_update", "run, all-servers window: cache replicas' CPU × window ÷ updates");
        m.put("heap_kib_per_friend", "docs/benchmarks.md, Memory per idle connection (pre-rewrite slope)");
        m.put("cassandra_points_per_second", "docs/history.md, Measured here (HistoryWriteBench, one test-kit node)");
        m.put("cassandra_bytes_per_row", "docs/history.md, Measured here (all SSTable components)");
        m.put("ring_message_bytes", "HeavyUserIT: one update on the ring, channel + message (printed)");
        m.put("client_frame_bytes", "HeavyUserIT: one friend_location frame at a client, JSON (printed)");
        return m;
    }

    /** The figures of a multi-node run (its all-servers window, or the one-server window when there is only one). */
    static CapacityFigures fromRun(MultiNodeResult r) {
        MultiNodeResult.Phase one = r.one();
        MultiNodeResult.Phase many = r.many() != null ? r.many() : r.one();
        double idleUs = r.idle() == null || Double.isNaN(r.idleCores()) ? Double.NaN
                : r.idleCores() * 1e6 / r.shape().users();
        double heap = r.idle() == null ? Double.NaN : r.idle().heapPerConnectionKb();
        return new CapacityFigures(
                one.received() / one.updates(), many.received() / many.updates(),
                one.fleetCpuPerUpdateMicros(), many.fleetCpuPerUpdateMicros(), many.fleetCpuPerDeliveryMicros(),
                many.deliveries() / many.updates(), r.shape().meanFriends(), idleUs, heap, r.shape().meanFriends(),
                MultiNodeResult.micros(one.redisCores("ring"), one.seconds(), one.published()),
                MultiNodeResult.micros(many.redisCores("ring"), many.seconds(), many.published()),
                many.cacheCpuPerUpdateMicros(),
                MultiNodeResult.micros(many.redisCores("cache replica"), many.seconds(), many.updates()),
                HEAP_KIB_PER_FRIEND, CASSANDRA_POINTS_PER_SECOND, CASSANDRA_BYTES_PER_ROW, RING_MESSAGE_BYTES,
                CLIENT_FRAME_BYTES);
    }

    private double[] values() {
        return new double[] {receivesPerUpdateOne, receivesPerUpdateMany, serverUsPerUpdateOne, serverUsPerUpdateMany,
            serverUsPerDeliveryMany, deliveriesPerUpdate, notifiedPerUpdate, idleUsPerConnectionSecond,
            heapKibPerConnection, friendsPerConnection, ringUsPerPublishOne, ringUsPerPublishMany, cacheUsPerUpdate,
            cacheReplicaUsPerUpdate, heapKibPerFriend, cassandraPointsPerSecond, cassandraBytesPerRow, ringMessageBytes,
            clientFrameBytes};
    }

    /** The properties text: a header naming the run, then each figure with its source as a comment. */
    String toProperties(String command, String startedAt) {
        StringBuilder out = new StringBuilder();
        out.append("# Measured inputs of the capacity model (docs/capacity.md; io.nearby.loadgen.CapacityModel)\n");
        out.append("# run: ").append(command).append(" (started ").append(startedAt).append(" UTC)\n");
        double[] v = values();
        int i = 0;
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            out.append("\n# ").append(e.getValue()).append('\n');
            out.append(e.getKey()).append(" = ").append(format(v[i++])).append('\n');
        }
        return out.toString();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Reads a figures file; every key of {@link #SOURCES} must be there. */
    static CapacityFigures read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static CapacityFigures parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        double[] v = new double[SOURCES.size()];
        int i = 0;
        for (String key : SOURCES.keySet()) {
            String s = p.getProperty(key);
            if (s == null) {
                throw new IllegalArgumentException("figures: no " + key);
            }
            try {
                v[i++] = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("figures: " + key + " is not a number: " + s);
            }
        }
        return new CapacityFigures(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], v[17], v[18]);
    }
}
