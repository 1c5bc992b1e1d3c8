package io.nearby.history;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where history points are kept: Cassandra in production ({@link CassandraHistoryStore}), the user DB through JDBC
 * when no Cassandra is configured ({@link JdbcHistoryStore}). Only {@link HistoryWriter} writes; the REST service
 * reads and deletes. Implementations are thread-safe.
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Stores {@code points} (of any users). Must not block for long: an implementation either hands the points to
     * an asynchronous client or writes them at once. A point stored twice (same user and ts) is stored once.
     *
     * @return completes (never exceptionally) with how many points were stored; the others are lost
     */
    CompletionStage<Written> write(List<HistoryPoint> points);

    /**
     * The user's points with {@code window.from() <= ts <= window.to()}, newest first, at most {@code limit}.
     *
     * @throws Unavailable when the store cannot answer now
     */
    List<HistoryPoint> query(String userId, TimeWindow window, int limit);

    /**
     * Deletes every point of the user that can still be stored, i.e. at least those with ts in {@code window}
     * (the retention window, see {@link Retention#window}).
     *
     * @throws Unavailable when the store cannot delete now (then nothing or only part may be deleted)
     */
    void deleteAll(String userId, TimeWindow window);

    /** True when writes are expected to succeed (connected, a node up); cheap, for the health check. */
    boolean available();

    /** Where the store is, for logs and the health check (no credentials). */
    String describe();

    @Override
    void close();

    /**
     * The outcome of one {@link #write}.
     *
     * @param stored points stored
     * @param failed points lost
     * @param error  the first error, or null when nothing failed
     */
    record Written(int stored, int failed, Throwable error) {
        public static Written all(int n) {
            return new Written(n, 0, null);
        }

        public static Written none(int n, Throwable error) {
            return new Written(0, n, error);
        }
    }

    /** The store cannot answer now (not connected, no node up, timeout); the REST layer answers 503. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
