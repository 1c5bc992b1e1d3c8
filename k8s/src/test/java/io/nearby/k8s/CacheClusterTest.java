package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.nearby.server.config.NearbyConfig;

/**
 * The location cache as a Redis Cluster: 6 redis-cache pods joined by the cluster-create Job into 3 masters with a
 * replica each, configured as the server's cluster client needs them, and the server's seeds are those pods.
 */
class CacheClusterTest {
    private final Manifests manifests = Manifests.get();
    private final Workload cache = manifests.workload("redis-cache");
    private final Container redis = cache.container("redis");
    private final Container job = manifests.workload("redis-cache-cluster-create").onlyContainer();
    private final Container serverContainer = manifests.workload("nearby-server").container("nearby-server");
    private final NearbyConfig server = NearbyConfig.fromEnvironment(ServerEnvironment.of(serverContainer, "nearby-server-abc12"));

    /** Every pod of redis-cache as host:port of its client port. */
    private List<String> pods() {
        int port = cache.port(6379).orElseThrow().getContainerPort();
        return cache.podNames().stream().map(p -> cache.podDns(p) + ":" + port).toList();
    }

    @Test
    void theJobJoinsExactlyTheCachePodsIntoThreeMastersWithAReplicaEach() {
        List<String> nodes = Arrays.asList(Manifests.requiredEnv(job, "NODES").split(" "));
        assertThat(nodes).containsExactlyElementsOf(pods()).hasSize(6);
        int replicasPerMaster = Integer.parseInt(Manifests.requiredEnv(job, "REPLICAS"));
        assertThat(replicasPerMaster).as("a standby replica per shard").isEqualTo(1);
        assertThat(nodes.size() % (1 + replicasPerMaster)).isZero();
        assertThat(nodes.size() / (1 + replicasPerMaster)).as("masters (redis-cli --cluster create needs 3)").isEqualTo(3);
        assertThat(job.getImage()).as("redis-cli of the nodes' own version").isEqualTo(redis.getImage());
    }

    /** Put-if-absent: the Job creates the cluster only while the first node knows no other, and never asks. */
    @Test
    void theJobNeverTouchesAClusterThatExists() {
        String script = String.join("\n", job.getArgs());
        assertThat(script).contains("cluster_known_nodes", "\"$known\" != \"1\"", "exit 0",
                "redis-cli --cluster create $addresses --cluster-replicas \"$REPLICAS\" --cluster-yes");
        assertThat(script.indexOf("cluster_known_nodes")).as("checked before creating")
                .isLessThan(script.indexOf("--cluster create"));
        assertThat(script).doesNotContain("CLUSTER RESET", "cluster reset", "FLUSHALL", "--cluster fix");
        assertThat(manifests.workload("redis-cache-cluster-create").pod().getRestartPolicy()).isEqualTo("OnFailure");
    }

    @Test
    void theServersSeedsAreTheCachePodsAndItHasNoSingleCacheUrl() {
        assertThat(server.backends().cacheIsCluster()).isTrue();
        assertThat(server.backends().redisClusterNodes()).extracting(u -> u.getHost() + ":" + u.getPort())
                .containsExactlyElementsOf(pods());
        assertThat(server.backends().redisClusterNodes()).extracting(URI::getScheme).containsOnly("redis");
        assertThat(serverContainer.getEnv()).extracting(EnvVar::getName).doesNotContain("NEARBY_REDIS_URL");
        assertThat(server.backends().ringNodes()).as("the ring is not on the cache cluster")
                .noneMatch(n -> n.getHost().contains("redis-cache"));
    }

    /** The Job and the replicas authenticate with the key the server is given (NEARBY_REDIS_PASSWORD). */
    @Test
    void theJobAndTheReplicasUseTheServersCachePassword() {
        SecretKeySelector serverKey = secretRef(serverContainer, "NEARBY_REDIS_PASSWORD");
        assertThat(secretRef(job, "REDISCLI_AUTH")).isEqualTo(serverKey);
        assertThat(secretRef(redis, "REDIS_PASSWORD")).isEqualTo(serverKey);
        Map<String, String> flags = pairFlags(redis.getArgs());
        assertThat(flags).containsEntry("--requirepass", "$(REDIS_PASSWORD)").containsEntry("--masterauth", "$(REDIS_PASSWORD)");
    }

    @Test
    void everyNodeIsAClusterNodeThatAnnouncesItsPodName() {
        Map<String, String> flags = pairFlags(redis.getArgs());
        assertThat(flags).containsEntry("--cluster-enabled", "yes")
                .as("the other shards answer while one fails over").containsEntry("--cluster-require-full-coverage", "no")
                .containsEntry("--cluster-preferred-endpoint-type", "hostname");
        assertThat(cache.port(Integer.parseInt(flags.get("--cluster-port"))).orElseThrow().getName()).isEqualTo("bus");
        assertThat(cache.port(Integer.parseInt(flags.get("--port"))).orElseThrow().getName()).isEqualTo("redis");
        assertThat(Long.parseLong(flags.get("--cluster-node-timeout"))).as("ms").isBetween(1_000L, 15_000L);
        // after $(POD_NAME) expansion, each node announces the DNS name the server's seeds use
        for (String pod : cache.podNames()) {
            Map<String, String> env = ServerEnvironment.of(redis, pod);
            assertThat(ServerEnvironment.expand(flags.get("--cluster-announce-hostname"), env)).isEqualTo(cache.podDns(pod));
        }
        assertThat(cache.serviceName()).isEqualTo("redis-cache");
        assertThat(manifests.service("redis-cache").getSpec().getClusterIP()).as("pods addressed by name").isEqualTo("None");
    }

    private static SecretKeySelector secretRef(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name)).getValueFrom().getSecretKeyRef();
    }

    /** "--flag", "value" argument pairs (redis-server's command line). */
    private static Map<String, String> pairFlags(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            assertThat(args.get(i)).startsWith("--");
            out.put(args.get(i), args.get(i + 1));
        }
        return out;
    }
}
