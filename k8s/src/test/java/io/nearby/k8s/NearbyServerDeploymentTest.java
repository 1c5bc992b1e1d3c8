package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.nearby.server.config.NearbyConfig;

/**
 * The nearby-server Deployment against the server's own rules: its environment is validated by the real
 * {@link NearbyConfig#fromEnvironment}, so a value the server would refuse at start-up fails here instead.
 */
class NearbyServerDeploymentTest {
    private final Manifests manifests = Manifests.get();
    private final Workload server = manifests.workload("nearby-server");
    private final Container container = server.container("nearby-server");
    private final Map<String, String> env = ServerEnvironment.of(container, "nearby-server-abc12");

    @Test
    void theEnvironmentValidatesAsTheRealServerWouldValidateIt() {
        assertThatCode(() -> NearbyConfig.fromEnvironment(env)).doesNotThrowAnyException();
        NearbyConfig config = NearbyConfig.fromEnvironment(env);

        assertThat(config.http().port()).isEqualTo(server.port(8080).orElseThrow().getContainerPort());
        assertThat(config.rules().radiusMiles()).isEqualTo(5.0);
        assertThat(config.rules().inactiveAfter().toSeconds()).isEqualTo(600);
        assertThat(config.rules().pageSize()).isEqualTo(20);
        assertThat(config.auth().jwtSecret()).as("from the Secret").isEqualTo(ServerEnvironment.DUMMY_SECRET.getBytes());
        assertThat(config.backends().dbUrl()).startsWith("jdbc:postgresql:");
        assertThat(config.backends().etcdEndpoints()).as("the ring comes from etcd").hasSize(3);
        assertThat(config.backends().cassandraContactPoints()).hasSize(3);
    }

    @Test
    void neverDevMode() {
        assertThat(env.getOrDefault("NEARBY_DEV_MODE", "false")).isEqualTo("false");
        assertThat(NearbyConfig.fromEnvironment(env).auth().devMode()).isFalse();
    }

    @Test
    void secretsComeFromTheSecretAndNeverFromLiterals() {
        for (String name : List.of("NEARBY_JWT_SECRET", "NEARBY_DB_PASSWORD", "NEARBY_ADMIN_TOKEN", "NEARBY_REDIS_PASSWORD",
                "NEARBY_PUBSUB_PASSWORD", "NEARBY_ETCD_USER", "NEARBY_ETCD_PASSWORD", "NEARBY_CASSANDRA_USER",
                "NEARBY_CASSANDRA_PASSWORD")) {
            EnvVar e = container.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
            assertThat(e.getValue()).as(name).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef()).as(name).isNotNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("nearby-secrets");
        }
    }

    @Test
    void everyNearbyVariableIsOneTheServerKnowsOrIsAllowlisted() {
        Set<String> known = ServerEnvironment.namesKnownToTheServer(manifests.dir().getParent());
        assertThat(known).as("NEARBY_* names found in the modules' main sources")
                .contains("NEARBY_HTTP_PORT", "NEARBY_JWT_SECRET", "NEARBY_DRAIN_SECONDS", "NEARBY_CASSANDRA_DC");
        Set<String> allowed = ServerEnvironment.allowlisted(manifests.dir());
        Set<String> unknown = new TreeSet<>();
        for (Workload w : manifests.workloads()) {
            for (Container c : w.allContainers()) {
                c.getEnv().stream().map(EnvVar::getName)
                        .filter(n -> n.startsWith("NEARBY_"))
                        .filter(n -> !known.contains(n) && !allowed.contains(n))
                        .forEach(n -> unknown.add(w.name() + "/" + c.getName() + ": " + n));
            }
        }
        assertThat(unknown).as("NEARBY_* names no module reads (a typo? else add to k8s/allowed-env.txt)").isEmpty();
    }

    @Test
    void probesAskTheServersOwnHealthEndpointsOnItsPort() {
        int port = Integer.parseInt(env.get("NEARBY_HTTP_PORT"));
        HTTPGetAction ready = container.getReadinessProbe().getHttpGet();
        HTTPGetAction live = container.getLivenessProbe().getHttpGet();
        assertThat(ready.getPath()).isEqualTo("/health/ready");
        assertThat(live.getPath()).isEqualTo("/health/live");
        assertThat(container.getStartupProbe()).isNotNull();
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        for (HTTPGetAction probe : List.of(ready, live, container.getStartupProbe().getHttpGet())) {
            assertThat(server.port(probe.getPort()).orElseThrow().getContainerPort()).isEqualTo(port);
        }
        // readiness must notice draining (503) before the drain window is over
        var r = container.getReadinessProbe();
        assertThat((long) r.getPeriodSeconds() * r.getFailureThreshold()).isLessThan(drainSeconds());
    }

    @Test
    void theGracePeriodCoversPreStopPlusTheDrainWindowWithMargin() {
        PodSpec pod = server.pod();
        long grace = pod.getTerminationGracePeriodSeconds();
        assertThat(grace).isGreaterThan(drainSeconds());
        assertThat(grace).as("grace >= preStop + drain + 10 s for stopping and flushing")
                .isGreaterThanOrEqualTo(preStopSleepSeconds() + drainSeconds() + 10);
        assertThat(NearbyConfig.fromEnvironment(env).http().drainWindow().toSeconds()).isEqualTo(drainSeconds());
    }

    /** The preStop pause only covers the endpoint-removal race; the drain itself is the server's (on SIGTERM). */
    @Test
    void preStopIsAShortPauseNotTheDrain() {
        LifecycleHandler preStop = container.getLifecycle().getPreStop();
        assertThat(preStop.getSleep()).as("native sleep action").isNotNull();
        assertThat(preStop.getSleep().getSeconds()).isBetween(1L, 10L);
        assertThat(preStop.getExec()).isNull();
        assertThat(preStop.getHttpGet()).isNull();
    }

    @Test
    void rollingUpdatesNeverLowerCapacityAndScaleInIsLeftToTheAutoscaler() {
        Deployment d = manifests.named(Deployment.class, "nearby-server");
        DeploymentStrategy s = d.getSpec().getStrategy();
        assertThat(s.getType()).isEqualTo("RollingUpdate");
        assertThat(s.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(s.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(d.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
    }

    @Test
    void jvmFlagsComeFromJavaToolOptions() {
        String opts = env.get("JAVA_TOOL_OPTIONS");
        assertThat(opts).contains("-XX:MaxRAMPercentage=75", "-XX:+UseZGC", "-XX:+ExitOnOutOfMemoryError");
        assertThat(container.getVolumeMounts()).as("a writable /tmp under a read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(container.getResources().getLimits().get("memory"))
                .isEqualTo(container.getResources().getRequests().get("memory"));
    }

    @Test
    void prometheusScrapesMetricsOnTheServerPort() {
        Map<String, String> a = server.template().getMetadata().getAnnotations();
        assertThat(a).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics");
        assertThat(a.get("prometheus.io/port")).isEqualTo(env.get("NEARBY_HTTP_PORT"));
    }

    @Test
    void podsSpreadAcrossNodes() {
        List<TopologySpreadConstraint> spread = server.pod().getTopologySpreadConstraints();
        assertThat(spread).anySatisfy(t -> {
            assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(t.getMaxSkew()).isEqualTo(1);
            assertThat(Manifests.matches(t.getLabelSelector().getMatchLabels(), server.podLabels())).isTrue();
        });
    }

    @Test
    void theImageIsTheReleasedServerImage() {
        assertThat(container.getImage()).isEqualTo("nearby-server:0.1.0");
        assertThat(env).doesNotContainKey("NEARBY_REDIS_URL");
        assertThat(env.get("NEARBY_REDIS_CLUSTER_NODES").split(",")).allSatisfy(n -> assertThat(URI.create(n).getScheme()).isEqualTo("redis"));
    }

    private long drainSeconds() {
        return Long.parseLong(env.get("NEARBY_DRAIN_SECONDS"));
    }

    private long preStopSleepSeconds() {
        LifecycleHandler preStop = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        return preStop == null || preStop.getSleep() == null ? 0 : preStop.getSleep().getSeconds();
    }
}
