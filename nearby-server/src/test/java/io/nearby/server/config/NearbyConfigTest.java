package io.nearby.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NearbyConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsFollowTheProtocol() {
        NearbyConfig c = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.rules().radiusMiles()).isEqualTo(5.0);
        assertThat(c.rules().radius().meters()).isCloseTo(8046.72, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.rules().inactiveAfter()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.rules().pageSize()).isEqualTo(20);
        assertThat(c.auth().devMode()).isFalse();
        assertThat(c.backends().redisUrl().toString()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(c.backends().pubsubNodes()).isEmpty();
        assertThat(c.backends().ringNodes()).containsExactly(c.backends().redisUrl());
        assertThat(c.backends().etcdEndpoints()).isEmpty();
        assertThat(c.backends().ringKey()).isEqualTo("/nearby/pubsub-ring");
    }

    @Test
    void productionRefusesToStartWithoutASecret() {
        assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("NEARBY_JWT_SECRET:");
        assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", "short")))
                .hasMessageContaining("NEARBY_JWT_SECRET").hasMessageContaining("too short");
    }

    @Test
    void devModeHasAFixedSecret() {
        NearbyConfig c = NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "127.0.0.1"));
        assertThat(c.auth().devMode()).isTrue();
        assertThat(new String(c.auth().jwtSecret())).isEqualTo(AuthConfig.DEV_SECRET);
    }

    /** Dev mode gives a token for any user id: on an address other machines reach, only when explicitly allowed. */
    @Test
    void devModeIsLocalUnlessRemoteIsExplicitlyAllowed() {
        assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true")))
                .as("the default host 0.0.0.0").isInstanceOf(ConfigException.class).hasMessageStartingWith("NEARBY_DEV_MODE:")
                .hasMessageContaining("NEARBY_DEV_MODE_ALLOW_REMOTE");
        assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "0.0.0.0")))
                .hasMessageStartingWith("NEARBY_DEV_MODE:");
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "0.0.0.0",
                "NEARBY_DEV_MODE_ALLOW_REMOTE", "true")).http().host()).isEqualTo("0.0.0.0");
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "::1")).http().loopbackOnly()).isTrue();
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET)).http().host())
                .as("production listens on every interface by default").isEqualTo("0.0.0.0");
    }

    @Test
    void theHardeningLimitsHaveTheirDefaultsAndZeroTurnsTheSpeedCheckOff() {
        NearbyConfig c = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET));
        assertThat(c.rules().maxSpeedKmh()).isEqualTo(1200);
        assertThat(c.ws().maxPerUser()).isEqualTo(5);
        assertThat(c.ws().initTimeout()).hasSeconds(10);
        assertThat(c.http().maxConnections()).isEqualTo(50_000);
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_MAX_SPEED_KMH", "0"))
                .rules().maxSpeedKmh()).isZero();
    }

    @Test
    void theCadenceHasItsDefaultsIsCappedAtHalfTheInactivityAndZeroTurnsItOff() {
        NearbyConfig c = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET));
        assertThat(c.cadence().normal()).hasSeconds(30);
        assertThat(c.cadence().longest()).hasSeconds(300);
        assertThat(c.cadence().closingSpeedKmh()).isEqualTo(120);
        assertThat(c.cadence().enabled()).isTrue();
        assertThat(c.cadence().alert()).hasSeconds(10);
        assertThat(c.cadence().alertEnabled()).isTrue();
        CadenceRules shortInactivity = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET,
                "NEARBY_INACTIVE_SECONDS", "120")).cadence();
        assertThat(shortInactivity.longest()).as("at most half the inactivity timeout").hasSeconds(60);
        CadenceRules tiny = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET,
                "NEARBY_INACTIVE_SECONDS", "20")).cadence();
        assertThat(tiny.longest()).as("never below the normal period").hasSeconds(30);
        CadenceRules off = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET,
                "NEARBY_CADENCE_MAX_SECONDS", "0")).cadence();
        assertThat(off.enabled()).isFalse();
        assertThat(off.alertEnabled()).as("no cadence, no alert interval").isFalse();
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_CADENCE_ALERT_SECONDS", "0"))
                .cadence().alertEnabled()).as("0: never shorter than the normal period").isFalse();
        CadenceRules fast = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_CADENCE_SECONDS", "3",
                "NEARBY_CADENCE_MAX_SECONDS", "30", "NEARBY_CADENCE_SPEED_KMH", "1200")).cadence();
        assertThat(fast.normal()).hasSeconds(3);
        assertThat(fast.alert()).as("the default alert interval, at most the normal period").hasSeconds(3);
        assertThat(fast.longest()).hasSeconds(30);
        assertThat(fast.metersPerMilli()).isCloseTo(1200 / 3600.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void everyBadValueNamesItsVariable() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("NEARBY_HTTP_PORT", "eighty"),
                Map.entry("NEARBY_RADIUS_MILES", "NaN"),
                Map.entry("NEARBY_INACTIVE_SECONDS", "-1"),
                Map.entry("NEARBY_PAGE_SIZE", "0"),
                Map.entry("NEARBY_DEV_MODE", "maybe"),
                Map.entry("NEARBY_REDIS_URL", "http://x:1"),
                Map.entry("NEARBY_PUBSUB_NODES", "redis://a:1,nonsense"),
                Map.entry("NEARBY_ETCD_ENDPOINTS", "etcd:2379"),
                Map.entry("NEARBY_DB_URL", "jdbc:mysql://x/y"),
                Map.entry("NEARBY_CASSANDRA_KEYSPACE", "bad-name"),
                Map.entry("NEARBY_MAX_SPEED_KMH", "-5"),
                Map.entry("NEARBY_WS_MAX_PER_USER", "0"),
                Map.entry("NEARBY_WS_INIT_SECONDS", "soon"),
                Map.entry("NEARBY_MAX_CONNECTIONS", "0"),
                Map.entry("NEARBY_CADENCE_SECONDS", "0"),
                Map.entry("NEARBY_CADENCE_MAX_SECONDS", "-1"),
                Map.entry("NEARBY_CADENCE_SPEED_KMH", "fast"),
                Map.entry("NEARBY_CADENCE_ALERT_SECONDS", "31"),
                Map.entry("NEARBY_HTTP_HOST", "no such host .invalid"));
        bad.forEach((name, value) -> {
            Map<String, String> env = Map.of("NEARBY_JWT_SECRET", SECRET, name, value);
            assertThatThrownBy(() -> NearbyConfig.fromEnvironment(env))
                    .as(name + "=" + value)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(name + ":");
        });
    }

    @Test
    void radiusRejectsZeroNegativeAndAbsurd() {
        for (String v : List.of("0", "-3", "Infinity", "501")) {
            assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_RADIUS_MILES", v)))
                    .hasMessageStartingWith("NEARBY_RADIUS_MILES:");
        }
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_RADIUS_MILES", "0.5"))
                .rules().radius().meters()).isCloseTo(804.672, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void listsAndExplicitNodes() {
        NearbyConfig c = NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET,
                "NEARBY_PUBSUB_NODES", " redis://10.0.0.1:6379, redis://10.0.0.2:6379 ,",
                "NEARBY_ETCD_ENDPOINTS", "http://e1:2379,http://e2:2379"));
        assertThat(c.backends().pubsubNodes()).hasSize(2);
        assertThat(c.backends().etcdEndpoints()).containsExactly("http://e1:2379", "http://e2:2379");
    }

    @Test
    void theDemoCrowdHasTwelveFriendsAndThreeStrangersAndStartsOnlyWhenAsked() {
        DemoConfig demo = NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "127.0.0.1")).demo();
        assertThat(demo).isEqualTo(new DemoConfig(12, 3, false));
        assertThat(NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", "NEARBY_HTTP_HOST", "127.0.0.1", "NEARBY_DEMO_FRIENDS", "5",
                "NEARBY_DEMO_STRANGERS", "0", "NEARBY_DEMO_AUTOSTART", "true")).demo()).isEqualTo(new DemoConfig(5, 0, true));
    }

    @Test
    void theDemoIsForDevModeOnlyAndItsSizesAreBounded() {
        assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_JWT_SECRET", SECRET, "NEARBY_DEMO_AUTOSTART", "true")))
                .hasMessageStartingWith("NEARBY_DEMO_AUTOSTART:").hasMessageContaining("NEARBY_DEV_MODE");
        for (String[] bad : new String[][] {{"NEARBY_DEMO_FRIENDS", "0"}, {"NEARBY_DEMO_FRIENDS", "51"}, {"NEARBY_DEMO_STRANGERS", "-1"},
                {"NEARBY_DEMO_STRANGERS", "many"}, {"NEARBY_DEMO_AUTOSTART", "sometimes"}}) {
            assertThatThrownBy(() -> NearbyConfig.fromEnvironment(Map.of("NEARBY_DEV_MODE", "true", bad[0], bad[1])))
                    .as(bad[0] + "=" + bad[1]).hasMessageStartingWith(bad[0] + ":");
        }
    }
}
