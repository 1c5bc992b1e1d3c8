package io.nearby.history;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.nearby.testkit.CassandraServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Cassandra store against the test kit's real Cassandra 5.0. One store on one keyspace serves the class (a
 * connection costs ~2 s); tests use user ids of their own, and tests of the schema or of another TTL open more.
 */
class CassandraHistoryStoreIT {
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final Retention THIRTY_DAYS = Retention.ofDays(30);
    private static final CassandraServer cassandra = CassandraServer.shared();
    private static final List<AutoCloseable> toClose = new ArrayList<>();
    private static String keyspace;
    private static CassandraHistoryStore store;

    @BeforeAll
    static void connectShared() {
        keyspace = cassandra.newKeyspaceName();
        store = connect(keyspace, THIRTY_DAYS);
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private static String user(String name) {
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static CassandraHistoryStore connect(String keyspace, Retention retention) {
        CassandraSettings settings = CassandraSettings.of(List.of(CassandraSettings.contactPoint(cassandra.contactPoint())),
                keyspace, cassandra.localDatacenter(), Replication.parse(Replication.DEFAULT));
        CassandraHistoryStore store = CassandraHistoryStore.connectInBackground(settings, retention);
        toClose.add(store);
        assertThat(store.awaitConnected(CONNECT)).as("connected to " + cassandra + ", log " + cassandra.logFile()).isTrue();
        return store;
    }

    @Test
    void theSchemaIsCreatedOnceAndRecordedAsV1() {
        String ks = keyspace;
        CassandraHistoryStore first = store;
        CassandraHistoryStore second = connect(ks, THIRTY_DAYS); // a second server starting on the same keyspace
        assertThat(CassandraSchema.versions(second.session(), ks)).containsExactly(1);
        Row ts = first.session().execute(SimpleStatement.newInstance(
                "SELECT clustering_order, kind FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ? AND column_name = 'ts'",
                ks, "location_history")).one();
        assertThat(ts.getString("clustering_order")).isEqualTo("desc");
        assertThat(ts.getString("kind")).isEqualTo("clustering");
        Row options = first.session().execute(SimpleStatement.newInstance(
                "SELECT compaction FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", ks, "location_history")).one();
        assertThat(options.getMap("compaction", String.class, String.class).get("class")).endsWith("TimeWindowCompactionStrategy");
        Row replication = first.session().execute(SimpleStatement.newInstance(
                "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", ks)).one();
        assertThat(replication.getMap("replication", String.class, String.class)).containsEntry("replication_factor", "1");
    }

    @Test
    void pointsAreQueriedNewestFirstAcrossDayBucketsWithALimit() {
        String alice = user("alice");
        Retention retention = THIRTY_DAYS;
        long midnight = DayBuckets.start(DayBuckets.day(System.currentTimeMillis()));
        List<HistoryPoint> points = List.of(
                new HistoryPoint(alice, 1, 1, midnight - 2 * DayBuckets.DAY_MILLIS + 5),  // two days back
                new HistoryPoint(alice, 2, 2, midnight - 100),                           // 23:59:59.900
                new HistoryPoint(alice, 3, 3, midnight + 100),                           // 00:00:00.100
                new HistoryPoint(user("bob"), 9, 9, midnight + 50));
        assertThat(store.write(points).toCompletableFuture().join()).isEqualTo(HistoryStore.Written.all(4));
        long now = midnight + 1_000;
        TimeWindow all = retention.window(now);

        assertThat(store.query(alice, all, 100)).extracting(HistoryPoint::ts)
                .containsExactly(midnight + 100, midnight - 100, midnight - 2 * DayBuckets.DAY_MILLIS + 5);
        assertThat(store.query(alice, all, 2)).extracting(HistoryPoint::ts).containsExactly(midnight + 100, midnight - 100);
        assertThat(store.query(alice, new TimeWindow(midnight - 100, midnight - 100), 10)).containsExactly(points.get(1));
        assertThat(store.query(alice, new TimeWindow(midnight - DayBuckets.DAY_MILLIS, midnight), 10))
                .extracting(HistoryPoint::ts).containsExactly(midnight - 100);
        // the rows really are in two partitions
        for (long ts : new long[] {midnight - 100, midnight + 100}) {
            assertThat(store.session().execute(SimpleStatement.newInstance("SELECT ts FROM " + keyspace
                    + ".location_history WHERE user_id = ? AND day = ?", alice, DayBuckets.day(ts))).all())
                    .extracting(r -> r.getInstant(0).toEpochMilli()).containsExactly(ts);
        }
    }

    /** Regression: an empty batch returned a future that never completed (no insert to count it down). */
    @Test
    void anEmptyWriteCompletesAtOnce() {
        assertThat(store.write(List.of()).toCompletableFuture().isDone()).as("already complete").isTrue();
        assertThat(store.write(List.of()).toCompletableFuture().join()).isEqualTo(HistoryStore.Written.all(0));
    }

    @Test
    void everyInsertCarriesTheRetentionTtlAndExpiredPointsAreGone() {
        String alice = user("alice");
        String bob = user("bob");
        long now = System.currentTimeMillis();
        store.write(List.of(new HistoryPoint(alice, 1, 1, now))).toCompletableFuture().join();
        int ttl = store.session().execute(SimpleStatement.newInstance("SELECT TTL(lat) FROM " + keyspace
                + ".location_history WHERE user_id = ? AND day = ?", alice, DayBuckets.day(now))).one().getInt(0);
        assertThat(ttl).isBetween(2_592_000 - 60, 2_592_000);

        Retention short2s = new Retention(Duration.ofSeconds(2));
        CassandraHistoryStore shortLived = connect(keyspace, short2s); // e.g. after NEARBY_HISTORY_TTL_DAYS changed
        shortLived.write(List.of(new HistoryPoint(bob, 1, 1, now), new HistoryPoint(bob, 2, 2, now + 1)))
                .toCompletableFuture().join();
        assertThat(shortLived.query(bob, short2s.window(now), 10)).hasSize(2);
        await("bob's points expire").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> shortLived.query(bob, short2s.window(now), 10).isEmpty());
        assertThat(store.query(alice, THIRTY_DAYS.window(now), 10)).as("rows written before keep their TTL").hasSize(1);
    }

    @Test
    void deleteAllRemovesEveryDayOfOneUserOnly() {
        String alice = user("alice");
        String bob = user("bob");
        Retention retention = THIRTY_DAYS;
        long now = System.currentTimeMillis();
        List<HistoryPoint> points = new ArrayList<>();
        for (int d = 0; d < 31; d++) {
            points.add(new HistoryPoint(alice, d, d, now - d * DayBuckets.DAY_MILLIS));
            points.add(new HistoryPoint(bob, d, d, now - d * DayBuckets.DAY_MILLIS));
        }
        assertThat(store.write(points).toCompletableFuture().join().stored()).isEqualTo(62);
        assertThat(store.query(alice, retention.window(now), 1000)).hasSize(31);

        store.deleteAll(alice, retention.window(now));
        assertThat(store.query(alice, retention.window(now), 1000)).isEmpty();
        assertThat(store.query(bob, retention.window(now), 1000)).hasSize(31);
    }

    @Test
    void theJdbcContractHoldsOnCassandraToo() {
        // the contract's users are alice and bob: a keyspace of its own
        JdbcHistoryStoreTest.contract(connect(cassandra.newKeyspaceName(), THIRTY_DAYS), System.currentTimeMillis(), THIRTY_DAYS);
    }

    @Test
    void statementsCarryTheirConsistencyAndIdempotence() throws Exception {
        var f = CassandraHistoryStore.class.getDeclaredField("connected");
        f.setAccessible(true);
        Object connected = f.get(store);
        var insert = (com.datastax.oss.driver.api.core.cql.PreparedStatement) connected.getClass().getMethod("insert").invoke(connected);
        var bound = insert.bind("u", 1, Instant.now(), 1.0, 2.0, 60);
        assertThat(bound.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.LOCAL_ONE);
        assertThat(bound.isIdempotent()).isTrue();
    }

    @Test
    void withNoCassandraReachableTheStoreAnswersAtOnceAndKeepsTrying() {
        CassandraSettings nowhere = CassandraSettings.of(List.of(CassandraSettings.contactPoint("127.0.0.1:1")),
                "nearby", "datacenter1", Replication.parse(Replication.DEFAULT));
        CassandraHistoryStore unreachable = CassandraHistoryStore.connectInBackground(nowhere, Retention.ofDays(1));
        toClose.add(unreachable);
        long start = System.nanoTime();
        HistoryStore.Written w = unreachable.write(List.of(new HistoryPoint("u", 1, 1, 1))).toCompletableFuture().join();
        assertThat(w.failed()).isEqualTo(1);
        assertThat(w.error()).isInstanceOf(HistoryStore.Unavailable.class);
        assertThatThrownBy(() -> unreachable.query("u", new TimeWindow(0, 1), 1)).isInstanceOf(HistoryStore.Unavailable.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
        assertThat(unreachable.available()).isFalse();
        assertThat(unreachable.describe()).contains("connecting");
    }
}
