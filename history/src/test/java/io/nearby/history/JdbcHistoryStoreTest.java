package io.nearby.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store on an in-memory H2 opened as the user DB opens it (PostgreSQL mode). */
class JdbcHistoryStoreTest {
    static final String H2_AS_USER_DB = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    private static final long NOW = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private final Retention retention = Retention.ofDays(30);
    private JdbcHistoryStore store;
    private String url;

    @BeforeEach
    void open() {
        url = "jdbc:h2:mem:history-" + UUID.randomUUID() + H2_AS_USER_DB;
        store = JdbcHistoryStore.open(url, Optional.empty(), Optional.empty(), retention, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static void contract(HistoryStore store, long now, Retention retention) {
        TimeWindow all = retention.window(now);
        List<HistoryPoint> alice = List.of(new HistoryPoint("alice", 1, 2, now - 3_000), new HistoryPoint("alice", 3, 4, now - 1_000),
                new HistoryPoint("alice", 5, 6, now - 2_000), new HistoryPoint("alice", 3, 4, now - 1_000));
        assertThat(store.write(alice).toCompletableFuture().join().stored()).isEqualTo(4);
        store.write(List.of(new HistoryPoint("bob", 7, 8, now - 1_500))).toCompletableFuture().join();

        assertThat(store.query("alice", all, 100)).as("newest first, the duplicate stored once").containsExactly(
                new HistoryPoint("alice", 3, 4, now - 1_000), new HistoryPoint("alice", 5, 6, now - 2_000),
                new HistoryPoint("alice", 1, 2, now - 3_000));
        assertThat(store.query("alice", all, 2)).extracting(HistoryPoint::ts).containsExactly(now - 1_000, now - 2_000);
        assertThat(store.query("alice", new TimeWindow(now - 2_000, now - 1_001), 100)).extracting(HistoryPoint::ts)
                .containsExactly(now - 2_000);
        assertThat(store.query("carol", all, 100)).isEmpty();

        store.deleteAll("alice", all);
        assertThat(store.query("alice", all, 100)).isEmpty();
        assertThat(store.query("bob", all, 100)).extracting(HistoryPoint::ts).containsExactly(now - 1_500);
    }

    @Test
    void storesQueriesNewestFirstAndDeletesOneUsersPoints() {
        contract(store, NOW, retention);
    }

    @Test
    void openingTwiceKeepsTheSchemaAndThePoints() {
        store.write(List.of(new HistoryPoint("alice", 1, 2, NOW))).toCompletableFuture().join();
        try (JdbcHistoryStore again = JdbcHistoryStore.open(url, Optional.empty(), Optional.empty(), retention, clock)) {
            assertThat(again.query("alice", retention.window(NOW), 10)).hasSize(1);
        }
    }

    @Test
    void pointsOlderThanTheRetentionArePurged() throws Exception {
        long old = NOW - Duration.ofDays(30).toMillis() - 1;
        store.write(List.of(new HistoryPoint("alice", 1, 2, old), new HistoryPoint("alice", 1, 2, old + 2))).toCompletableFuture().join();
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(store.query("alice", new TimeWindow(0, NOW), 10)).extracting(HistoryPoint::ts).containsExactly(old + 2);
    }

    /** Regression: the start-up purge ran on a background thread and could race the test's own purge above. */
    @Test
    void openingPurgesExpiredPointsBeforeItReturns() {
        long old = NOW - Duration.ofDays(30).toMillis() - 1;
        store.write(List.of(new HistoryPoint("alice", 1, 2, old), new HistoryPoint("alice", 1, 2, NOW))).toCompletableFuture().join();
        try (JdbcHistoryStore again = JdbcHistoryStore.open(url, Optional.empty(), Optional.empty(), retention, clock)) {
            assertThat(again.query("alice", new TimeWindow(0, NOW), 10)).extracting(HistoryPoint::ts).containsExactly(NOW);
        }
    }

    @Test
    void aBatchLargerThanOneStatementIsStoredWholeAndARepeatedPointIsSkipped() {
        int n = 2 * JdbcHistoryStore.ROWS_PER_INSERT + 7;
        List<HistoryPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new HistoryPoint("bulk", 1 + i * 1e-4, 2, NOW - i));
        }
        points.add(new HistoryPoint("bulk", 9, 9, NOW)); // same user and ts as the first: the first one stays
        HistoryStore.Written w = store.write(points).toCompletableFuture().join();
        assertThat(w.stored()).isEqualTo(points.size());
        List<HistoryPoint> back = store.query("bulk", new TimeWindow(NOW - n, NOW), 1_000);
        assertThat(back).hasSize(n);
        assertThat(back.getFirst().lat()).isEqualTo(1);
        assertThat(back.getLast().ts()).isEqualTo(NOW - n + 1);
    }

    @Test
    void aFailedWriteIsReportedNotThrown() {
        store.close();
        HistoryStore.Written w = store.write(List.of(new HistoryPoint("alice", 1, 2, NOW))).toCompletableFuture().join();
        assertThat(w.stored()).isZero();
        assertThat(w.failed()).isEqualTo(1);
        assertThat(w.error()).isNotNull();
        assertThat(store.available()).isFalse();
        open(); // for @AfterEach
    }

    @Test
    void theUrlIsRedactedInDescriptions() {
        assertThat(JdbcHistoryStore.redact("jdbc:postgresql://db/nearby?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db/nearby?user=u&password=***");
        assertThat(store.describe()).startsWith("jdbc jdbc:h2:mem:history-").doesNotContain("MODE");
    }
}
