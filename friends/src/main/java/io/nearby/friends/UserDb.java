package io.nearby.friends;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.nearby.credentials.Redaction;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;

/**
 * The user DB: opens a bounded connection pool, migrates the schema, and exposes the {@link UserDirectory} and
 * {@link FriendGraph} on it. PostgreSQL in production; H2 embedded ({@link DbSettings#DEFAULT_URL}) by default,
 * running the same SQL in PostgreSQL mode.
 *
 * <p>Side effects of {@link #open}: connects (failing fast on a wrong URL or password) and applies pending
 * migrations. The implementations fire {@link FriendshipEvents} themselves, after each commit, for every caller
 * (REST or not). Thread-safe; close once at shutdown.
 *
 * <pre>{@code
 * try (UserDb db = UserDb.open(DbSettings.of(url, user, password), events)) {
 *     db.users().upsertProfile("alice", "Alice", "");
 * }
 * }</pre>
 */
public final class UserDb implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UserDb.class.getName());

    private final DbClient db;
    private final UserDirectory users;
    private final FriendGraph friends;

    private UserDb(HikariConnectionPool pool, FriendshipEvents events, Clock clock) {
        this.db = JdbcClientBuilder.create().connectionPool(pool).build();
        SafeEvents safeEvents = new SafeEvents(events);
        this.users = new DbUserDirectory(db, safeEvents, clock);
        this.friends = new DbFriendGraph(db, safeEvents, clock);
    }

    /** Opens {@code jdbcUrl} with the default pool size and no event listener. */
    public static UserDb open(String jdbcUrl, Optional<String> user, Optional<String> password) {
        return open(DbSettings.of(jdbcUrl, user, password), FriendshipEvents.NONE);
    }

    /**
     * Opens the DB and migrates it.
     *
     * @param events told about committed changes (friendship started/ended, flags changed)
     * @throws RuntimeException when the DB cannot be reached or migrated (nothing stays open then)
     */
    public static UserDb open(DbSettings settings, FriendshipEvents events) {
        return open(settings, events, Clock.systemUTC());
    }

    /**
     * Opens the DB and migrates it; {@code clock} decides when a timed pause of sharing has run out.
     *
     * @throws RuntimeException when the DB cannot be reached or migrated (nothing stays open then)
     */
    public static UserDb open(DbSettings settings, FriendshipEvents events, Clock clock) {
        HikariConnectionPool pool = HikariConnectionPool.open(settings);
        try {
            int applied = Migrations.migrate(pool.dataSource());
            LOG.log(Level.INFO, "user DB " + pool.dbType() + " ready, " + applied + " migration(s) applied");
            return new UserDb(pool, events, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public UserDirectory users() {
        return users;
    }

    public FriendGraph friends() {
        return friends;
    }

    /** @return true when a trivial query succeeds (for a readiness check); never throws */
    public boolean ping() {
        try {
            return db.execute().get("SELECT 1 AS one").isPresent();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "user DB ping failed: " + Redaction.redact(e.getMessage()));
            return false;
        }
    }

    /** Closes the connection pool (the DB client owns it); statements in flight fail. */
    @Override
    public void close() {
        db.close();
    }
}
