package io.nearby.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * History in a SQL database through JDBC: the embedded default when no Cassandra is configured. It lives in the user
 * DB (an H2 file under ./data for {@code ./nearby up}; PostgreSQL works too), in one table
 * {@code location_history (user_id, ts, lat, lon)} keyed by (user_id, ts). Good for a laptop and for tests, not for
 * the seed's 334K writes/s: that is what {@link CassandraHistoryStore} is for.
 *
 * <p>The SQL is the common subset of H2 (in PostgreSQL mode, as the user DB opens it) and PostgreSQL; the schema is
 * created with idempotent statements (V1 the table, V2 drops the former ts index). Retention: rows with {@code ts} older than the TTL are deleted when the store opens
 * (before it returns) and then every hour ({@link #purgeExpired}); until then queries do not see them (the window is bounded by the caller).
 * Writes run on the caller's thread (the {@link HistoryWriter}'s drain thread): one transaction of multi-row INSERTs per call.
 */
public final class JdbcHistoryStore implements HistoryStore {
    private static final System.Logger LOG = System.getLogger(JdbcHistoryStore.class.getName());
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** V1 and V2, idempotent. */
    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS location_history (
                user_id VARCHAR(64) NOT NULL,
                ts BIGINT NOT NULL,
                lat DOUBLE PRECISION NOT NULL,
                lon DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, ts)
            )""",
            // V2: the primary key serves every query; an index on ts only sped up the hourly purge and cost every insert
            "DROP INDEX IF EXISTS location_history_ts");
    /** Rows per INSERT statement: a batch of points is written as few multi-row statements in one transaction. */
    static final int ROWS_PER_INSERT = 64;
    private static final String INSERT_FULL = insert(ROWS_PER_INSERT);
    private static final String SELECT = "SELECT ts, lat, lon FROM location_history"
            + " WHERE user_id = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC LIMIT ?";

    private final HikariDataSource pool;
    private final String where;
    private final Retention retention;
    private final Clock clock;
    private final ScheduledExecutorService purger;

    private JdbcHistoryStore(HikariDataSource pool, String where, Retention retention, Clock clock) {
        this.pool = pool;
        this.where = where;
        this.retention = retention;
        this.clock = clock;
        this.purger = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("history-purge").daemon().factory());
    }

    /**
     * Opens a small pool on {@code jdbcUrl}, creates the schema and schedules the retention purge.
     *
     * @param jdbcUrl the URL exactly as the user DB opens it (for H2: with its mode options, or H2 refuses a second
     *                connection with different settings)
     * @throws IllegalStateException when the DB cannot be reached or the schema created (nothing stays open)
     */
    public static JdbcHistoryStore open(String jdbcUrl, Optional<String> user, Optional<String> password,
                                        Retention retention, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setPoolName("history");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("history: cannot open " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException("history: cannot create the schema in " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        JdbcHistoryStore store = new JdbcHistoryStore(pool, redact(jdbcUrl), retention, clock);
        store.purgeQuietly(); // before anything is written: a purge racing the first writes made retention untestable
        store.purger.scheduleWithFixedDelay(store::purgeQuietly, PURGE_EVERY.toMillis(), PURGE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "history store: " + store.describe() + ", retention " + retention.ttl());
        return store;
    }

    /**
     * One transaction: full statements of {@link #ROWS_PER_INSERT} rows as one JDBC batch, then one statement for the
     * rest. A point already stored (same user and ts) is skipped.
     */
    @Override
    public CompletionStage<Written> write(List<HistoryPoint> points) {
        if (points.isEmpty()) {
            return CompletableFuture.completedFuture(Written.all(0));
        }
        int full = points.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (full > 0) {
                    try (PreparedStatement insert = c.prepareStatement(INSERT_FULL)) {
                        for (int from = 0; from < full; from += ROWS_PER_INSERT) {
                            bind(insert, points.subList(from, from + ROWS_PER_INSERT));
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                if (full < points.size()) {
                    try (PreparedStatement insert = c.prepareStatement(insert(points.size() - full))) {
                        bind(insert, points.subList(full, points.size()));
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return CompletableFuture.completedFuture(Written.all(points.size()));
        } catch (SQLException | RuntimeException e) {
            return CompletableFuture.completedFuture(Written.none(points.size(), e));
        }
    }

    private static String insert(int rows) {
        return "INSERT INTO location_history (user_id, ts, lat, lon) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)")) + " ON CONFLICT DO NOTHING";
    }

    private static void bind(PreparedStatement insert, List<HistoryPoint> rows) throws SQLException {
        int i = 1;
        for (HistoryPoint p : rows) {
            insert.setString(i++, p.userId());
            insert.setLong(i++, p.ts());
            insert.setDouble(i++, p.lat());
            insert.setDouble(i++, p.lon());
        }
    }

    @Override
    public List<HistoryPoint> query(String userId, TimeWindow window, int limit) {
        try (Connection c = pool.getConnection(); PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, userId);
            select.setLong(2, window.from());
            select.setLong(3, window.to());
            select.setInt(4, limit);
            List<HistoryPoint> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryPoint(userId, rs.getDouble(2), rs.getDouble(3), rs.getLong(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Unavailable("history query failed: " + e.getMessage(), e);
        }
    }

    /** Deletes every row of the user, whatever its time. */
    @Override
    public void deleteAll(String userId, TimeWindow window) {
        try (Connection c = pool.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM location_history WHERE user_id = ?")) {
            delete.setString(1, userId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new Unavailable("history delete failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the rows whose ts is older than the retention.
     *
     * @return rows deleted
     */
    public int purgeExpired() throws SQLException {
        long cutoff = clock.millis() - retention.ttl().toMillis();
        try (Connection c = pool.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM location_history WHERE ts < ?")) {
            delete.setLong(1, cutoff);
            return delete.executeUpdate();
        }
    }

    private void purgeQuietly() {
        try {
            int n = purgeExpired();
            if (n > 0) {
                LOG.log(Level.INFO, "history: purged " + n + " point(s) older than " + retention.ttl());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "history: retention purge failed (retrying in " + PURGE_EVERY + "): " + e.getMessage());
        }
    }

    @Override
    public boolean available() {
        return pool.isRunning();
    }

    @Override
    public String describe() {
        return "jdbc " + where;
    }

    @Override
    public void close() {
        purger.shutdown(); // no interrupt: H2 closes its file when a thread is interrupted during I/O
        try {
            purger.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    /** The URL without anything that looks like a password. */
    static String redact(String jdbcUrl) {
        String noOptions = jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1***");
        int semicolon = noOptions.indexOf(';');
        return semicolon < 0 ? noOptions : noOptions.substring(0, semicolon);
    }
}
