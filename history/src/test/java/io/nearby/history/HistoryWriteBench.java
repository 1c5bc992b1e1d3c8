package io.nearby.history;

import io.nearby.testkit.CassandraServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Not a test: measures what docs/history.md quotes. Starts a private test-kit Cassandra node, pushes {@code points}
 * through the real {@link HistoryWriter} + {@link CassandraHistoryStore} as fast as the writer accepts them (the
 * producer waits while the queue is 90% full, so nothing is dropped and the figure is the store's throughput), then
 * restarts the node (a clean stop flushes the memtables) and divides the on-disk size of the table by the rows.
 *
 * <pre>{@code
 * mvn -pl history -am test-compile
 * java -Dnearby.testkit.cassandraLib=$PWD/testkit/cassandra-dist/target/lib -cp <test classpath> \
 *      io.nearby.history.HistoryWriteBench 2000000 256
 * }</pre>
 */
public final class HistoryWriteBench {
    private HistoryWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int users = Math.max(1, points / 200); // ~200 points per user-day partition, like the seed's average
        try (CassandraServer node = CassandraServer.start()) {
            String keyspace = "bench";
            CassandraSettings settings = CassandraSettings.of(List.of(CassandraSettings.contactPoint(node.contactPoint())),
                    keyspace, node.localDatacenter(), Replication.parse(Replication.DEFAULT));
            long start;
            long end;
            HistoryWriter.Settings ws = HistoryWriter.Settings.of(100_000, inFlight);
            try (CassandraHistoryStore store = CassandraHistoryStore.connectInBackground(settings, Retention.ofDays(30))) {
                if (!store.awaitConnected(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not connected");
                }
                try (HistoryWriter writer = new HistoryWriter(store, ws)) {
                    SplittableRandom random = new SplittableRandom(42);
                    double[] lat = new double[users];
                    double[] lon = new double[users];
                    for (int u = 0; u < users; u++) {
                        lat[u] = 37.0 + random.nextDouble();
                        lon[u] = -122.5 + random.nextDouble();
                    }
                    long t0 = System.currentTimeMillis() - 86_400_000L / 2;
                    start = System.nanoTime();
                    for (int i = 0; i < points; i++) {
                        int u = i % users;
                        lat[u] += (random.nextDouble() - 0.5) * 1e-3;
                        lon[u] += (random.nextDouble() - 0.5) * 1e-3;
                        while (writer.queued() > ws.queueCapacity() * 9 / 10) {
                            LockSupport.parkNanos(100_000);
                        }
                        writer.append("user-" + u, lat[u], lon[u], t0 + (long) (i / users) * 30_000 + u % 1000);
                    }
                    while (writer.written() + writer.dropped() < points) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    end = System.nanoTime();
                    double seconds = (end - start) / 1e9;
                    System.out.printf("%,d points, %,d users, in-flight cap %d: %.1f s, %,.0f points/s, dropped %d%n",
                            points, users, inFlight, seconds, writer.written() / seconds, writer.dropped());
                }
            }
            node.restart(); // SIGTERM drains (flushes memtables to SSTables), then starts again on the same data
            Path table;
            try (Stream<Path> dirs = Files.list(node.logFile().getParent().resolve("data/data").resolve(keyspace))) {
                table = dirs.filter(d -> d.getFileName().toString().startsWith("location_history-")).findFirst().orElseThrow();
            }
            long data = size(table, "-Data.db");
            long all = size(table, "");
            System.out.printf("on disk: Data.db %,d bytes (%.1f B/row), all SSTable components %,d bytes (%.1f B/row)%n",
                    data, (double) data / points, all, (double) all / points);
        }
    }

    private static long size(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
