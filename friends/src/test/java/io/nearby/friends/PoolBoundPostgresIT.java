package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The connection pool bound, watched from PostgreSQL's side: connections never grow with load. */
class PoolBoundPostgresIT extends DbFixture {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.postgres();
    }

    @Test
    void connectionsStayWithinThePoolBoundUnderLoad() throws Exception {
        db.close(); // only the bounded pool below talks to this database now
        try (Connection probe = DriverManager.getConnection(settings.jdbcUrl(), settings.user().orElseThrow(),
                settings.password().orElseThrow())) {
            Awaitility.await("the closed pool's backends are gone").atMost(Duration.ofSeconds(10))
                    .until(() -> backends(probe) == 0);
            DbSettings small = new DbSettings(settings.jdbcUrl(), settings.user(), settings.password(), 3);
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    try {
                        peak.accumulateAndGet(backends(probe), Math::max);
                        Thread.sleep(5);
                    } catch (SQLException | InterruptedException e) {
                        return;
                    }
                }
            });
            try (UserDb bounded = UserDb.open(small, FriendshipEvents.NONE)) {
                for (int i = 0; i < 40; i++) {
                    bounded.users().upsertProfile("p" + i, "P" + i, "");
                }
                runConcurrently(300, i -> {
                    bounded.friends().add("p" + (i % 40), "p" + ((i * 7 + 1) % 40));
                    return bounded.friends().lists("p" + (i % 40));
                });
            } finally {
                loading.set(false);
                sampler.join();
            }
            assertThat(peak.get()).as("peak DB connections during 300 concurrent calls").isBetween(1, 3);
        }
    }

    /** Client backends connected to this test's database, other than the probe itself. */
    private int backends(Connection probe) throws SQLException {
        String name = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
        try (PreparedStatement s = probe.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = ? AND backend_type = 'client backend' AND pid <> pg_backend_pid()""")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
