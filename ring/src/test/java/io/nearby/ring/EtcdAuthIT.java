package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.nearby.ring.admin.RingCliAccess;
import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ring in an etcd with authentication enabled, and over TLS ({@code https://}, the test kit's CA): a server's
 * source and {@code ./nearby ring} work with the user's credentials, watch changes, and refuse to start without them,
 * saying why and never printing the password.
 */
class EtcdAuthIT {
    private static final String USER = "nearby-ring";
    private static final String PASSWORD = "etcd-auth-it-s3cret";
    private static EtcdServer etcd;
    private static EtcdServer etcdTls;
    private final String key = "/test/auth-" + ThreadLocalRandom.current().nextInt(1_000_000);

    @BeforeAll
    static void start() {
        etcd = EtcdServer.start(EtcdServer.Options.auth(USER, PASSWORD));
        etcdTls = EtcdServer.start(EtcdServer.Options.auth(USER, PASSWORD).withTls(TestCertificates.shared()));
    }

    @AfterAll
    static void stop() {
        if (etcd != null) {
            etcd.close();
        }
        if (etcdTls != null) {
            etcdTls.close();
        }
    }

    private EtcdSettings settings(EtcdServer server, EtcdAccess access) {
        return EtcdSettings.defaults(List.of(server.endpoint()), key).withAccess(access)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    private static EtcdAccess user(String password, Optional<java.nio.file.Path> ca) {
        return new EtcdAccess(Optional.of(USER), Optional.of(password), ca);
    }

    @Test
    void withTheUserAServerSeedsReadsAndWatchesTheRing() throws Exception {
        EtcdSettings settings = settings(etcd, user(PASSWORD, Optional.empty()));
        RingSpec seed = RingSpec.of(1, List.of("redis://10.0.0.1:6379"), 160);
        try (EtcdRingSource source = EtcdRingSource.start(settings, Optional.of(seed));
                Client operator = settings.newClient()) {
            assertThat(source.current().ring().nodes()).containsExactly("redis://10.0.0.1:6379");
            RingStore store = new RingStore(operator, key, Duration.ofSeconds(5));
            store.update(ring -> RingEdits.add(ring, "rediss://10.0.0.2:6379"), false);
            await("the watch delivers the change").atMost(Duration.ofSeconds(10))
                    .until(() -> source.current().ring().nodes().contains("rediss://10.0.0.2:6379"));
            assertThat(source.status().reachable()).isTrue();
            assertThat(source.status().detail()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void withoutTheUserOrWithAWrongPasswordTheStartFailsSayingWhy() {
        for (EtcdAccess access : List.of(EtcdAccess.NONE, user("wrong-" + PASSWORD, Optional.empty()))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> EtcdRingSource.start(settings(etcd, access), Optional.empty()).close())
                    .as(access.toString())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refused access").hasMessageContaining("NEARBY_ETCD_USER")
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase())
                            .containsAnyOf("user name is empty", "authentication failed", "permission denied",
                                    "unauthenticated", "invalid"))
                    .hasMessageNotContaining(PASSWORD);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at once, not after the start timeout")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    /** Why the manifests' etcd credentials are optional Secret keys: a user sent to an etcd without auth is refused. */
    @Test
    void aUserSentToAnEtcdWithoutAuthIsRefused() {
        try (EtcdServer open = EtcdServer.start()) {
            EtcdSettings settings = settings(open, user(PASSWORD, Optional.empty()));
            assertThatThrownBy(() -> EtcdRingSource.start(settings, Optional.of(RingSpec.of(1,
                    List.of("redis://10.0.0.1:6379"), 160))).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(PASSWORD)
                    .satisfies(e -> System.out.println("[example] user sent to an etcd without auth: " + e.getMessage()));
        }
    }

    @Test
    void overTlsWithTheCaFileAndNotWithoutIt() throws Exception {
        assertThat(etcdTls.endpoint()).startsWith("https://");
        EtcdSettings trusted = settings(etcdTls, user(PASSWORD, Optional.of(TestCertificates.shared().caFile())));
        RingSpec seed = RingSpec.of(1, List.of("rediss://10.0.0.7:6379"), 160);
        try (EtcdRingSource source = EtcdRingSource.start(trusted, Optional.of(seed))) {
            assertThat(source.current().ring().nodes()).containsExactly("rediss://10.0.0.7:6379");
        }
        // the JDK's default CAs do not include the test kit's: the handshake fails and the start with it
        EtcdSettings untrusted = settings(etcdTls, user(PASSWORD, Optional.empty()));
        assertThatThrownBy(() -> EtcdRingSource.start(untrusted, Optional.empty()).close())
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void theOperatorCommandUsesTheSameVariables() {
        Map<String, String> env = Map.of("NEARBY_ETCD_ENDPOINTS", etcdTls.endpoint(), "NEARBY_RING_KEY", key,
                "NEARBY_ETCD_USER", USER, "NEARBY_ETCD_PASSWORD", PASSWORD,
                "NEARBY_ETCD_TLS_CA_FILE", TestCertificates.shared().caFile().toString());
        RingCliAccess.Result added = RingCliAccess.run(env, "add", "rediss://10.0.0.3:6379");
        assertThat(added.status()).as(added.err()).isZero();
        RingCliAccess.Result shown = RingCliAccess.run(env, "show");
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("rediss://10.0.0.3:6379").doesNotContain(PASSWORD);

        Map<String, String> noUser = Map.of("NEARBY_ETCD_ENDPOINTS", etcdTls.endpoint(), "NEARBY_RING_KEY", key,
                "NEARBY_ETCD_TLS_CA_FILE", TestCertificates.shared().caFile().toString());
        RingCliAccess.Result refused = RingCliAccess.run(noUser, "show");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("nearby ring:").doesNotContain(PASSWORD);

        Map<String, String> halfUser = Map.of("NEARBY_ETCD_ENDPOINTS", etcdTls.endpoint(), "NEARBY_ETCD_USER", USER);
        RingCliAccess.Result usage = RingCliAccess.run(halfUser, "show");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("NEARBY_ETCD_PASSWORD");
    }
}
