package io.nearby.server.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.nearby.history.CassandraAccess;
import io.nearby.ring.EtcdAccess;
import io.nearby.ring.pubsub.RedisSecurity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The credential and TLS variables: defaults, validation, and that no secret ever appears in a message or toString. */
class CredentialsConfigTest {
    private static final String JWT = "0123456789abcdef0123456789abcdef";
    private static final String PW = "s3cret-value";

    private static NearbyConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("NEARBY_JWT_SECRET", JWT);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return NearbyConfig.fromEnvironment(env);
    }

    private static String caFile() throws Exception {
        return Path.of(CredentialsConfigTest.class.getResource("/test-ca.pem").toURI()).toString();
    }

    private static void refused(String variable, String... pairs) {
        assertThatThrownBy(() -> config(pairs)).as(String.join(" ", pairs)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":").hasMessageNotContaining(PW);
    }

    @Test
    void withNothingSetThereAreNoCredentialsAndNoHealthDetails() {
        NearbyConfig c = config();
        assertThat(c.auth().adminToken()).isEmpty();
        assertThat(c.backends().cacheSecurity()).isEqualTo(RedisSecurity.NONE);
        assertThat(c.backends().pubsubSecurity()).isEqualTo(RedisSecurity.NONE);
        assertThat(c.backends().etcdAccess()).isEqualTo(EtcdAccess.NONE);
        assertThat(c.backends().cassandraAccess()).isEqualTo(CassandraAccess.NONE);
    }

    @Test
    void theCacheUrlMayCarryCredentialsWhichMoveOutOfTheAddress() {
        NearbyConfig c = config("NEARBY_REDIS_URL", "rediss://nearby:" + PW + "@Cache.internal:6380");
        assertThat(c.backends().redisUrl().toString()).isEqualTo("rediss://cache.internal:6380");
        assertThat(c.backends().ringNodes()).as("the default ring node is the cache, without credentials")
                .containsExactly(c.backends().redisUrl());
        assertThat(c.backends().cacheSecurity().user()).contains("nearby");
        assertThat(c.backends().cacheSecurity().password()).contains(PW);
        assertThat(c.backends().pubsubSecurity()).as("ring nodes default to the cache's credentials")
                .isEqualTo(c.backends().cacheSecurity());
        assertThat(c.toString()).doesNotContain(PW);
        assertThat(c.backends().toString()).contains("rediss://cache.internal:6380", "nearby ***");
    }

    @Test
    void theCacheCredentialsMayComeFromTheirOwnVariablesButNotFromBothPlaces() {
        NearbyConfig c = config("NEARBY_REDIS_URL", "redis://cache:6379", "NEARBY_REDIS_PASSWORD", PW);
        assertThat(c.backends().cacheSecurity().user()).isEmpty();
        assertThat(c.backends().cacheSecurity().password()).contains(PW);
        NearbyConfig acl = config("NEARBY_REDIS_USER", "app", "NEARBY_REDIS_PASSWORD", PW);
        assertThat(acl.backends().cacheSecurity().user()).contains("app");
        refused("NEARBY_REDIS_PASSWORD", "NEARBY_REDIS_URL", "redis://:" + PW + "@cache:6379", "NEARBY_REDIS_PASSWORD", PW);
        refused("NEARBY_REDIS_PASSWORD", "NEARBY_REDIS_USER", "app");
        refused("NEARBY_REDIS_URL", "NEARBY_REDIS_URL", "redis://u:" + PW + "@cache:6379/0");
        refused("NEARBY_REDIS_URL", "NEARBY_REDIS_URL", "http://u:" + PW + "@cache:6379");
        refused("NEARBY_REDIS_URL", "NEARBY_REDIS_URL", PW + "@cache:6379");
    }

    @Test
    void ringNodesCarryNoCredentialsAndGetTheirOwn() {
        NearbyConfig c = config("NEARBY_PUBSUB_NODES", "rediss://pubsub-0:6379,redis://pubsub-1:6379",
                "NEARBY_REDIS_PASSWORD", "cache-" + PW, "NEARBY_PUBSUB_USER", "ring", "NEARBY_PUBSUB_PASSWORD", PW);
        assertThat(c.backends().pubsubNodes()).extracting(Object::toString)
                .containsExactly("rediss://pubsub-0:6379", "redis://pubsub-1:6379");
        assertThat(c.backends().pubsubSecurity().user()).contains("ring");
        assertThat(c.backends().pubsubSecurity().password()).contains(PW);
        assertThat(c.backends().cacheSecurity().password()).contains("cache-" + PW);
        refused("NEARBY_PUBSUB_NODES", "NEARBY_PUBSUB_NODES", "redis://ring:" + PW + "@pubsub-0:6379");
        refused("NEARBY_PUBSUB_PASSWORD", "NEARBY_PUBSUB_USER", "ring");
    }

    @Test
    void caFilesAreCheckedAtStartAndSharedByCacheAndRing() throws Exception {
        NearbyConfig c = config("NEARBY_REDIS_URL", "rediss://cache:6380", "NEARBY_REDIS_TLS_CA_FILE", caFile(),
                "NEARBY_PUBSUB_PASSWORD", PW);
        Path ca = Path.of(caFile());
        assertThat(c.backends().cacheSecurity().trust()).hasValueSatisfying(t -> assertThat(t.caFile()).contains(ca));
        assertThat(c.backends().pubsubSecurity().trust()).isEqualTo(c.backends().cacheSecurity().trust());
        refused("NEARBY_REDIS_TLS_CA_FILE", "NEARBY_REDIS_TLS_CA_FILE", "/no/such/ca.pem");
        refused("NEARBY_ETCD_TLS_CA_FILE", "NEARBY_ETCD_TLS_CA_FILE", "/no/such/ca.pem");
        refused("NEARBY_CASSANDRA_TLS_CA_FILE", "NEARBY_CASSANDRA_TLS_CA_FILE", "/no/such/ca.pem");
    }

    @Test
    void etcdTakesAUserAndHttpsEndpoints() throws Exception {
        NearbyConfig c = config("NEARBY_ETCD_ENDPOINTS", "https://etcd-0:2379,https://etcd-1:2379", "NEARBY_ETCD_USER",
                "nearby", "NEARBY_ETCD_PASSWORD", PW, "NEARBY_ETCD_TLS_CA_FILE", caFile());
        assertThat(c.backends().etcdAccess().user()).contains("nearby");
        assertThat(c.backends().etcdAccess().password()).contains(PW);
        assertThat(c.backends().etcdAccess().caFile()).contains(Path.of(caFile()));
        assertThat(c.backends().etcdAccess().toString()).doesNotContain(PW);
        refused("NEARBY_ETCD_PASSWORD", "NEARBY_ETCD_USER", "nearby");
        refused("NEARBY_ETCD_USER", "NEARBY_ETCD_PASSWORD", PW);
        refused("NEARBY_ETCD_ENDPOINTS", "NEARBY_ETCD_ENDPOINTS", "http://etcd-0:2379,https://etcd-1:2379");
        refused("NEARBY_ETCD_ENDPOINTS", "NEARBY_ETCD_ENDPOINTS", "http://root:" + PW + "@etcd-0:2379");
    }

    @Test
    void cassandraTakesAUserAndTls() throws Exception {
        NearbyConfig c = config("NEARBY_CASSANDRA_CONTACT_POINTS", "cassandra-0:9042", "NEARBY_CASSANDRA_USER", "nearby",
                "NEARBY_CASSANDRA_PASSWORD", PW, "NEARBY_CASSANDRA_TLS", "true");
        assertThat(c.backends().cassandraAccess()).isEqualTo(new CassandraAccess(Optional.of("nearby"), Optional.of(PW),
                true, Optional.empty()));
        assertThat(c.backends().cassandra().access()).isEqualTo(c.backends().cassandraAccess());
        assertThat(c.backends().cassandra().toString()).contains("TLS", "user nearby").doesNotContain(PW);
        assertThat(config("NEARBY_CASSANDRA_TLS_CA_FILE", caFile()).backends().cassandraAccess().tls())
                .as("a CA file implies TLS").isTrue();
        refused("NEARBY_CASSANDRA_TLS_CA_FILE", "NEARBY_CASSANDRA_TLS_CA_FILE", caFile(), "NEARBY_CASSANDRA_TLS", "false");
        refused("NEARBY_CASSANDRA_PASSWORD", "NEARBY_CASSANDRA_USER", "nearby");
        refused("NEARBY_CASSANDRA_USER", "NEARBY_CASSANDRA_PASSWORD", PW);
        refused("NEARBY_CASSANDRA_TLS", "NEARBY_CASSANDRA_TLS", "maybe");
    }

    @Test
    void theAdminTokenIsLongAndNeverRepeated() {
        String token = "a".repeat(31) + "Z";
        assertThat(config("NEARBY_ADMIN_TOKEN", token).auth().adminToken()).contains(token);
        assertThat(config("NEARBY_ADMIN_TOKEN", token).toString()).doesNotContain(token);
        String shortToken = PW;
        assertThatThrownBy(() -> config("NEARBY_ADMIN_TOKEN", shortToken)).hasMessageStartingWith("NEARBY_ADMIN_TOKEN:")
                .hasMessageContaining("at least 32").hasMessageNotContaining(shortToken);
        assertThatThrownBy(() -> config("NEARBY_ADMIN_TOKEN", "x".repeat(20) + " " + "y".repeat(20)))
                .hasMessageStartingWith("NEARBY_ADMIN_TOKEN:");
    }

    @Test
    void aBadUrlIsReportedWithoutItsPassword() {
        refused("NEARBY_DB_URL", "NEARBY_DB_URL", "jdbc:mysql://db/nearby?password=" + PW);
        refused("NEARBY_ETCD_ENDPOINTS", "NEARBY_ETCD_ENDPOINTS", "etcd://root:" + PW + "@etcd-0:2379");
        NearbyConfig c = config("NEARBY_DB_URL", "jdbc:h2:mem:x;PASSWORD=" + PW, "NEARBY_DB_PASSWORD", PW);
        assertThat(c.toString()).doesNotContain(PW);
        assertThat(c.backends().db().toString()).doesNotContain(PW);
    }
}
