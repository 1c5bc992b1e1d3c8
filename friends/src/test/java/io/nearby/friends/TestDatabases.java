package io.nearby.friends;

import io.nearby.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, empty user DBs for tests. */
final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new H2 in-memory DB (lives until the JVM exits). */
    static DbSettings h2Memory() {
        return DbSettings.of("jdbc:h2:mem:friends_" + COUNTER.incrementAndGet() + "_" + System.nanoTime(),
                Optional.empty(), Optional.empty());
    }

    /** A new H2 file DB under {@code dir}, like the embedded default. */
    static DbSettings h2File(Path dir) {
        return DbSettings.of("jdbc:h2:file:" + dir.resolve("nearby_" + COUNTER.incrementAndGet()).toAbsolutePath(),
                Optional.empty(), Optional.empty());
    }

    /** A new database on the test kit's shared PostgreSQL 15 server. */
    static DbSettings postgres() {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        return DbSettings.of(db.jdbcUrl(), Optional.of(db.user()), Optional.of(db.password()));
    }
}
