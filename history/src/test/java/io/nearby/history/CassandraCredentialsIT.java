package io.nearby.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.testkit.CassandraServer;
import io.nearby.testkit.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Cassandra node of its own with {@code PasswordAuthenticator} and client encryption only (the test kit's CA): the
 * history store logs in with a user and password over TLS and stores and reads points; without the password, with a
 * wrong one, or without trusting the node's CA it stays unavailable, says why, and never shows the password.
 */
class CassandraCredentialsIT {
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final Retention RETENTION = Retention.ofDays(30);
    private static CassandraServer cassandra;

    @BeforeAll
    static void start() {
        cassandra = CassandraServer.start(new CassandraServer.Options(true, TestCertificates.shared()));
    }

    @AfterAll
    static void stop() {
        if (cassandra != null) {
            cassandra.close();
        }
    }

    private static CassandraSettings settings(CassandraAccess access) {
        return CassandraSettings.of(List.of(CassandraSettings.contactPoint(cassandra.contactPoint())),
                cassandra.newKeyspaceName(), cassandra.localDatacenter(), Replication.parse(Replication.DEFAULT))
                .withAccess(access);
    }

    private static CassandraAccess access(String password, boolean trustTheCa) {
        return new CassandraAccess(Optional.of(CassandraServer.SUPERUSER), Optional.ofNullable(password), true,
                trustTheCa ? Optional.of(TestCertificates.shared().caFile()) : Optional.empty());
    }

    @Test
    void withTheUserOverTlsPointsAreStoredAndRead() {
        CassandraSettings settings = settings(access(CassandraServer.SUPERUSER_PASSWORD, true));
        assertThat(settings.toString()).contains("TLS", "user cassandra").doesNotContain("password");
        // the default superuser appears a moment after CQL answers: the store's own reconnect loop waits for it
        try (CassandraHistoryStore store = CassandraHistoryStore.connectInBackground(settings, RETENTION)) {
            assertThat(store.awaitConnected(CONNECT)).as(store.describe() + ", log " + cassandra.logFile()).isTrue();
            long now = System.currentTimeMillis();
            HistoryPoint point = new HistoryPoint("alice-creds", 48.85, 2.35, now);
            assertThat(store.write(List.of(point)).toCompletableFuture().join()).isEqualTo(HistoryStore.Written.all(1));
            assertThat(store.query("alice-creds", new TimeWindow(now - 1, now + 1), 10)).containsExactly(point);
            assertThat(store.describe()).contains("TLS").doesNotContain(CassandraServer.SUPERUSER_PASSWORD + ")");
        }
    }

    @Test
    void withoutTheRightPasswordOrTheCaTheStoreStaysUnavailableAndSaysWhy() {
        String wrong = "wrong-cassandra-pw";
        for (CassandraAccess access : List.of(
                new CassandraAccess(Optional.empty(), Optional.empty(), true, Optional.of(TestCertificates.shared().caFile())),
                access(wrong, true),
                access(CassandraServer.SUPERUSER_PASSWORD, false))) {
            try (CassandraHistoryStore store = CassandraHistoryStore.connectInBackground(settings(access), RETENTION)) {
                await("the connection failure is known (" + access + ")").atMost(CONNECT)
                        .until(() -> store.connectionError().isPresent());
                assertThat(store.available()).isFalse();
                String why = store.connectionError().orElseThrow();
                System.out.println("[example] " + access + ": " + why);
                assertThat(why).doesNotContain(wrong);
                assertThat(why.toLowerCase()).containsAnyOf("authenticat", "credentials", "ssl", "certificat",
                        "pkix", "handshake", "password");
            }
        }
    }
}
