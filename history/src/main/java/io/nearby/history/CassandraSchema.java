package io.nearby.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The history schema in Cassandra, created and migrated at start-up. The keyspace (with the configured
 * replication) and the {@code schema_version} table are created when missing; then every migration not yet
 * recorded in {@code schema_version} runs in order and is recorded. Each migration is idempotent
 * ({@code IF NOT EXISTS}), so servers starting at the same time may both run it harmlessly.
 *
 * <p>V1, {@code location_history}: one partition per user and UTC day of the point's ts ({@link DayBuckets}), rows
 * clustered by ts descending (newest first, as queries want), TimeWindowCompactionStrategy with one-day windows:
 * rows arrive roughly in time order and all expire by TTL, so each day's SSTables are compacted together once and
 * dropped whole when they expire, instead of being rewritten again and again (docs/history.md). The TTL is set per
 * write ({@code USING TTL}), not as the table default, so a change of NEARBY_HISTORY_TTL_DAYS applies to new rows
 * without an {@code ALTER TABLE}.
 */
public final class CassandraSchema {
    private static final System.Logger LOG = System.getLogger(CassandraSchema.class.getName());
    static final String COMPONENT = "history";
    static final String TABLE = "location_history";

    record Migration(int version, String description, String cql) {
    }

    /** The migrations, in order; {@code %s} is the keyspace. Never edit one that shipped: add the next. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "location_history by (user, day), newest first, TWCS", """
                    CREATE TABLE IF NOT EXISTS %s.location_history (
                        user_id text,
                        day int,
                        ts timestamp,
                        lat double,
                        lon double,
                        PRIMARY KEY ((user_id, day), ts)
                    ) WITH CLUSTERING ORDER BY (ts DESC)
                      AND compaction = {'class': 'TimeWindowCompactionStrategy',
                                        'compaction_window_unit': 'DAYS', 'compaction_window_size': 1}
                      AND comment = 'Nearby Friends location history: partition = user + UTC day (days since epoch), TTL per write'
                    """));

    private CassandraSchema() {
    }

    /**
     * Creates the keyspace when missing and applies the pending migrations.
     *
     * @return the versions applied now (empty when the schema was current)
     */
    static List<Integer> migrate(CqlSession session, String keyspace, Replication replication) {
        execute(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.toCql());
        execute(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_version ("
                + " component text, version int, description text, applied_at timestamp,"
                + " PRIMARY KEY (component, version))");
        Set<Integer> applied = Set.copyOf(versions(session, keyspace));
        List<Integer> now = new ArrayList<>();
        for (Migration m : MIGRATIONS) {
            if (applied.contains(m.version())) {
                continue;
            }
            execute(session, m.cql().formatted(keyspace));
            session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".schema_version"
                    + " (component, version, description, applied_at) VALUES (?, ?, ?, ?)",
                    COMPONENT, m.version(), m.description(), Instant.now()));
            LOG.log(Level.INFO, "history schema: applied V" + m.version() + " (" + m.description() + ") in " + keyspace);
            now.add(m.version());
        }
        return now;
    }

    /** The versions recorded in {@code schema_version}, ascending. */
    static List<Integer> versions(CqlSession session, String keyspace) {
        return session.execute(SimpleStatement.newInstance(
                        "SELECT version FROM " + keyspace + ".schema_version WHERE component = ?", COMPONENT))
                .all().stream().map((Row r) -> r.getInt("version")).sorted().toList();
    }

    private static void execute(CqlSession session, String cql) {
        // DDL waits for schema agreement (the driver does it after every schema change), with a longer timeout
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(30)));
    }
}
