package io.nearby.server.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.server.NearbyServer;
import io.nearby.server.config.NearbyConfig;
import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.RedisServer;
import io.nearby.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers on backends that demand credentials, configured only through the environment as in production. A real
 * redis-server with {@code requirepass} as the location cache AND the Pub/Sub node: with the password the servers serve
 * friends' locations (init, friend_location across two servers, so through the authenticated Pub/Sub connections);
 * without it, or with a wrong one, the server is not ready and says why — and no password is in the health report or
 * in anything logged. The same over TLS ({@code rediss://}, the test kit's CA), and with the ring in an etcd that has
 * authentication on and speaks TLS. (Cassandra's user/password and TLS are proven by the history module's
 * CassandraCredentialsIT on a node of its own; here they would cost a second Cassandra start.)
 */
class BackendCredentialsIT {
    private static final String PASSWORD = "redis-auth-it-s3cret";
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(java.util.logging.Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    private void assertNoPasswordLogged(String... passwords) {
        assertThat(logged).as("log records").isNotEmpty();
        for (String line : logged) {
            assertThat(line).doesNotContain(passwords);
        }
    }

    @Test
    void withThePasswordInTheUrlTwoServersServeFriendsLocationsThroughTheProtectedRedis() {
        try (Cluster cluster = Cluster.builder().servers(2).redis(RedisServer.Options.password(PASSWORD))
                .redisUrlWithPassword().start()) {
            assertThat(cluster.redis().urlWithPassword()).contains(PASSWORD);
            friendLocationsFlow(cluster, 0, 1);
            Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
            assertThat(details.status()).as(details.body()).isEqualTo(200);
            assertThat(details.json().path("checks").path("location-cache").path("detail").asText())
                    .isEqualTo("redis://127.0.0.1:" + cluster.redis().port());
            assertThat(details.body()).doesNotContain(PASSWORD);
            assertThat(cluster.rest(null).call("GET", "/health", null).body()).doesNotContain(PASSWORD, "redis://");
        }
        assertNoPasswordLogged(PASSWORD);
    }

    @Test
    void overTlsWithThePasswordInItsOwnVariable() {
        TestCertificates tls = TestCertificates.shared();
        try (Cluster cluster = Cluster.builder().redis(RedisServer.Options.password(PASSWORD).withTls(tls))
                .env("NEARBY_REDIS_PASSWORD", PASSWORD).env("NEARBY_REDIS_TLS_CA_FILE", tls.caFile().toString())
                .start()) {
            assertThat(cluster.redis().url()).startsWith("rediss://");
            friendLocationsFlow(cluster, 0, 0);
            Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
            assertThat(details.status()).as(details.body()).isEqualTo(200);
            assertThat(details.json().path("checks").path("location-cache").path("detail").asText())
                    .isEqualTo(cluster.redis().url());
        }
        assertNoPasswordLogged(PASSWORD);
    }

    @Test
    void withoutThePasswordOrWithAWrongOneTheServerIsNotReadyAndSaysWhy() {
        String wrong = "wrong-" + PASSWORD;
        try (RedisServer redis = RedisServer.start(RedisServer.Options.password(PASSWORD))) {
            for (String password : new String[] {null, wrong}) {
                java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of(
                        "NEARBY_HTTP_HOST", "127.0.0.1", "NEARBY_HTTP_PORT", "0", "NEARBY_JWT_SECRET", Cluster.SECRET,
                        "NEARBY_ADMIN_TOKEN", Cluster.ADMIN_TOKEN, "NEARBY_REDIS_URL", redis.url(),
                        "NEARBY_DB_URL", "jdbc:h2:mem:redis-auth-" + java.util.UUID.randomUUID()));
                if (password != null) {
                    env.put("NEARBY_REDIS_PASSWORD", password);
                }
                try (NearbyServer server = NearbyServer.start(NearbyConfig.fromEnvironment(env))) {
                    Rest probe = new Rest("http://localhost:" + server.port(), null);
                    Rest admin = new Rest("http://localhost:" + server.port(), Cluster.ADMIN_TOKEN);
                    String expected = password == null ? "NOAUTH" : "WRONGPASS";
                    await("the Pub/Sub node reports " + expected).atMost(Duration.ofSeconds(15))
                            .until(() -> admin.call("GET", "/health/details", null).body().contains(expected));
                    Rest.Response ready = probe.call("GET", "/health/ready", null);
                    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
                    assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"draining\":false}");
                    JsonNode checks = admin.call("GET", "/health/details", null).json().path("checks");
                    System.out.println("[example] " + (password == null ? "no password" : "a wrong password") + ": " + checks);
                    assertThat(checks.path("location-cache").path("status").asText()).isEqualTo("DOWN");
                    assertThat(checks.path("location-cache").path("detail").asText()).contains(expected);
                    assertThat(checks.path("pubsub").path("status").asText()).isEqualTo("DOWN");
                    assertThat(checks.path("pubsub").path("detail").asText()).contains(expected);
                    assertThat(checks.toString()).doesNotContain(PASSWORD);
                }
            }
        }
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("NOAUTH"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("WRONGPASS"));
        assertNoPasswordLogged(PASSWORD);
    }

    @Test
    void theRingComesFromAnEtcdWithAuthAndTlsWithItsOwnNodeCredentials() {
        TestCertificates tls = TestCertificates.shared();
        String etcdPassword = "etcd-" + PASSWORD;
        try (EtcdServer etcd = EtcdServer.start(EtcdServer.Options.auth("nearby", etcdPassword).withTls(tls));
                RedisServer node = RedisServer.start(RedisServer.Options.password("node-" + PASSWORD));
                Cluster cluster = Cluster.builder().redis(RedisServer.Options.password(PASSWORD))
                        .env("NEARBY_REDIS_PASSWORD", PASSWORD)
                        .env("NEARBY_ETCD_ENDPOINTS", etcd.endpoint())
                        .env("NEARBY_RING_KEY", "/nearby/it-ring-" + java.util.UUID.randomUUID())
                        .env("NEARBY_ETCD_USER", "nearby").env("NEARBY_ETCD_PASSWORD", etcdPassword)
                        .env("NEARBY_ETCD_TLS_CA_FILE", tls.caFile().toString())
                        .env("NEARBY_PUBSUB_NODES", node.url())
                        .env("NEARBY_PUBSUB_PASSWORD", "node-" + PASSWORD)
                        .start()) {
            friendLocationsFlow(cluster, 0, 0);
            Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
            assertThat(details.status()).as(details.body()).isEqualTo(200);
            JsonNode checks = details.json().path("checks");
            assertThat(checks.path("pubsub-ring").path("status").asText()).as(details.body()).isEqualTo("UP");
            assertThat(checks.path("pubsub-ring").path("detail").asText()).contains("etcd");
            assertThat(checks.path("pubsub").path("detail").asText()).isEqualTo("1 of 1 node(s) connected");
            assertThat(details.body()).doesNotContain(PASSWORD);
        }
        assertNoPasswordLogged(PASSWORD);
    }

    /** The reproduction of issue 12: a JDBC URL with {@code ;USER=…;PASSWORD=…} was printed verbatim by /health. */
    @Test
    void aJdbcUrlWithAPasswordIsNeverShownOrLogged() {
        String dbPassword = "jdbc-" + PASSWORD;
        try (Cluster cluster = Cluster.builder()
                .env("NEARBY_DB_URL", "jdbc:h2:mem:creds-" + java.util.UUID.randomUUID() + ";USER=sa;PASSWORD=" + dbPassword)
                .start()) {
            friendLocationsFlow(cluster, 0, 0);
            Rest.Response details = cluster.admin(0).call("GET", "/health/details", null);
            assertThat(details.status()).as(details.body()).isEqualTo(200);
            JsonNode checks = details.json().path("checks");
            assertThat(checks.path("user-db").path("detail").asText()).contains(";USER=sa;PASSWORD=***");
            assertThat(checks.path("history").path("detail").asText()).startsWith("jdbc jdbc:h2:mem:creds-");
            assertThat(details.body()).doesNotContain(dbPassword);
            assertThat(cluster.rest(null).call("GET", "/health", null).body()).isEqualTo("{\"status\":\"UP\",\"draining\":false}");
        }
        assertNoPasswordLogged(dbPassword);
    }

    /** alice on server {@code a}, bob on server {@code b}: init, then bob's move reaches alice. */
    private static void friendLocationsFlow(Cluster cluster, int a, int b) {
        String alice = Cluster.id("alice");
        String bob = Cluster.id("bob");
        cluster.user(alice);
        cluster.user(bob);
        cluster.befriend(alice, bob);
        try (WsClient ca = cluster.connect(alice, a); WsClient cb = cluster.connect(bob, b)) {
            ca.init(HOME.lat(), HOME.lon());
            ca.expect("nearby");
            GeoPoint near = GreatCircle.destination(HOME, 90, 300);
            cb.init(near.lat(), near.lon());
            JsonNode page = cb.expect("nearby");
            assertThat(page.toString()).as("bob's first page lists alice (read from the protected cache)").contains(alice);
            ca.expectFriendLocation(bob);
            GeoPoint moved = GreatCircle.destination(HOME, 90, 600);
            cb.location(moved.lat(), moved.lon());
            JsonNode update = ca.expectFriendLocation(bob);
            assertThat(update.path("lat").asDouble()).isCloseTo(moved.lat(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
