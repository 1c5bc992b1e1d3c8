package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.nearby.ring.RingNode;
import io.nearby.ring.RingSpec;
import io.nearby.server.config.NearbyConfig;

/** The first ring that ring-bootstrap writes to etcd: exactly the redis-pubsub pods, at the key the servers watch. */
class RingBootstrapTest {
    private final Manifests manifests = Manifests.get();
    private final Container job = manifests.workload("ring-bootstrap").onlyContainer();
    private final NearbyConfig server = NearbyConfig.fromEnvironment(
            ServerEnvironment.of(manifests.workload("nearby-server").container("nearby-server"), "nearby-server-abc12"));

    @Test
    void theRingJsonListsExactlyThePubSubPods() throws Exception {
        JsonNode ring = new ObjectMapper().readTree(Manifests.requiredEnv(job, "RING_JSON"));
        assertThat(ring.get("version").asInt()).isEqualTo(1);
        assertThat(ring.get("vnodes").asInt()).isEqualTo(160);
        List<String> nodes = new ArrayList<>();
        ring.get("nodes").forEach(n -> nodes.add(n.asText()));

        Workload pubsub = manifests.workload("redis-pubsub");
        int port = pubsub.container("redis").getPorts().getFirst().getContainerPort();
        List<String> expected = pubsub.podNames().stream().map(p -> "redis://" + pubsub.podDns(p) + ":" + port).toList();
        assertThat(expected).hasSize(3)
                .first().isEqualTo("redis://redis-pubsub-0.redis-pubsub.nearby.svc.cluster.local:6379");
        assertThat(nodes).containsExactlyElementsOf(expected);
        // the static list the server is given agrees with the ring (it is what it uses without etcd)
        assertThat(server.backends().pubsubNodes()).extracting(URI::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void theJobWritesTheKeyTheServersWatchOnTheEtcdClientService() {
        assertThat(Manifests.requiredEnv(job, "RING_KEY")).isEqualTo(server.backends().ringKey()).isEqualTo("/nearby/pubsub-ring");
        URI etcd = URI.create(Manifests.requiredEnv(job, "ETCD_ENDPOINT"));
        ClusterDns.Destination d = new ClusterDns(manifests).resolve(etcd.getHost(), etcd.getPort());
        assertThat(d.workload().name()).isEqualTo("etcd");
        assertThat(d.containerPort().getName()).isEqualTo("client");
    }

    /** Put-if-absent: the transaction compares the key's create revision with 0 before putting. */
    @Test
    void theJobNeverOverwritesAnExistingRing() {
        String script = String.join("\n", job.getArgs());
        assertThat(script).contains("/v3/kv/txn", "\"target\":\"CREATE\"", "\"createRevision\":\"0\"", "\"result\":\"EQUAL\"",
                "\"success\":[{\"requestPut\"");
        assertThat(script).doesNotContain("etcdctl put", "/v3/kv/put");
        assertThat(manifests.workload("ring-bootstrap").pod().getRestartPolicy()).isEqualTo("OnFailure");
    }

    /** The bootstrap ring is one the ring module accepts, with exactly the server's Pub/Sub nodes. */
    @Test
    void ringSpecAcceptsTheBootstrapRing() {
        RingSpec parsed = RingSpec.parse(Manifests.requiredEnv(job, "RING_JSON"));
        assertThat(parsed.vnodes()).isEqualTo(160);
        assertThat(parsed.nodes()).extracting(RingNode::url).as("RingSpec's canonical node URLs")
                .containsExactlyElementsOf(server.backends().pubsubNodes().stream().map(URI::toString).toList());
    }
}
