package io.nearby.history;

import io.nearby.testkit.PostgresServer;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The embedded store's SQL on a real PostgreSQL (the user DB when NEARBY_DB_URL points there and no Cassandra is set). */
class JdbcHistoryStorePostgresIT {
    @Test
    void theSameContractHoldsOnPostgres() {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        Retention retention = Retention.ofDays(30);
        try (JdbcHistoryStore store = JdbcHistoryStore.open(db.jdbcUrl(), Optional.of(db.user()), Optional.of(db.password()),
                retention, Clock.systemUTC())) {
            JdbcHistoryStoreTest.contract(store, System.currentTimeMillis(), retention);
        }
        // reopening finds the schema in place
        try (JdbcHistoryStore again = JdbcHistoryStore.open(db.jdbcUrl(), Optional.of(db.user()), Optional.of(db.password()),
                retention, Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThat(again.available()).isTrue();
        }
    }
}
