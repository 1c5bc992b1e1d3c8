package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.nearby.server.config.NearbyConfig;

/**
 * Ingress isolation: only nearby-server reaches the backends (plus their own peers and init Jobs), nearby-server
 * is reachable on 8080 only — and every connection the system needs is still allowed.
 */
class NetworkPolicyTest {
    /** Who may connect to each backend. */
    private static final Map<String, Set<String>> PEERS = Map.of(
            "redis-cache", Set.of("nearby-server", "redis-cache-cluster-create", "redis-cache"),
            "redis-pubsub", Set.of("nearby-server"),
            "etcd", Set.of("nearby-server", "ring-bootstrap", "etcd"),
            "postgres", Set.of("nearby-server"),
            "cassandra", Set.of("nearby-server", "cassandra-keyspace", "cassandra"));

    private final Manifests manifests = Manifests.get();
    private final List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);

    @Test
    void ingressIsDeniedByDefault() {
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });
    }

    @Test
    void everySelectorInEveryPolicySelectsExistingPods() {
        for (NetworkPolicy p : policies) {
            String name = p.getMetadata().getName();
            if (p.getSpec().getPodSelector().getMatchLabels() != null && !p.getSpec().getPodSelector().getMatchLabels().isEmpty()) {
                assertThat(manifests.selectedBy(p.getSpec().getPodSelector())).as("pods of policy %s", name).isNotEmpty();
            }
            for (NetworkPolicyIngressRule rule : rules(p)) {
                for (NetworkPolicyPeer peer : peers(rule)) {
                    assertThat(peer.getNamespaceSelector()).as("policy %s: same-namespace peers only", name).isNull();
                    assertThat(peer.getIpBlock()).as("policy %s: no ipBlock", name).isNull();
                    assertThat(manifests.selectedBy(peer.getPodSelector())).as("peers in policy %s", name).isNotEmpty();
                }
                for (NetworkPolicyPort port : ports(rule)) {
                    for (Workload target : manifests.selectedBy(p.getSpec().getPodSelector())) {
                        assertThat(target.port(port.getPort())).as("policy %s: port %s of %s", name, port.getPort(), target).isPresent();
                    }
                }
            }
        }
    }

    @Test
    void onlyTheListedPeersReachEachBackend() {
        PEERS.forEach((backend, expected) -> {
            Workload w = manifests.workload(backend);
            Set<String> actual = new TreeSet<>();
            for (NetworkPolicy p : policiesSelecting(w)) {
                for (NetworkPolicyIngressRule rule : rules(p)) {
                    assertThat(peers(rule)).as("a rule of %s without 'from' admits everyone", p.getMetadata().getName()).isNotEmpty();
                    assertThat(ports(rule)).as("a rule of %s without ports admits every port", p.getMetadata().getName()).isNotEmpty();
                    peers(rule).forEach(peer -> manifests.selectedBy(peer.getPodSelector()).forEach(x -> actual.add(x.name())));
                }
            }
            assertThat(actual).as("who may connect to %s", backend).isEqualTo(new TreeSet<>(expected));
        });
    }

    @Test
    void theServerAcceptsConnectionsOnItsHttpPortOnly() {
        Workload server = manifests.workload("nearby-server");
        List<NetworkPolicyIngressRule> rules = policiesSelecting(server).stream().flatMap(p -> rules(p).stream()).toList();
        assertThat(rules).isNotEmpty();
        assertThat(rules).allSatisfy(r -> assertThat(ports(r)).extracting(p -> p.getPort().getIntVal()).containsExactly(8080));
    }

    /** The policies must not cut a connection the system makes: derived from the configuration, not restated. */
    @Test
    void everyConnectionTheSystemNeedsIsAllowed() {
        NearbyConfig config = NearbyConfig.fromEnvironment(
                ServerEnvironment.of(manifests.workload("nearby-server").container("nearby-server"), "nearby-server-abc12"));
        ClusterDns dns = new ClusterDns(manifests);
        assertThat(config.backends().redisClusterNodes()).isNotEmpty();
        config.backends().redisClusterNodes().forEach(n -> assertAllowed("nearby-server", dns.resolve(n.getHost(), n.getPort())));
        config.backends().pubsubNodes().forEach(n -> assertAllowed("nearby-server", dns.resolve(n.getHost(), n.getPort())));
        config.backends().etcdEndpoints().stream().map(URI::create)
                .forEach(u -> assertAllowed("nearby-server", dns.resolve(u.getHost(), u.getPort())));
        URI db = URI.create(config.backends().dbUrl().substring("jdbc:".length()));
        assertAllowed("nearby-server", dns.resolve(db.getHost(), db.getPort()));
        config.backends().cassandraContactPoints().forEach(c -> assertAllowed("nearby-server",
                dns.resolve(c.substring(0, c.lastIndexOf(':')), Integer.parseInt(c.substring(c.lastIndexOf(':') + 1)))));

        URI etcdForJob = URI.create(Manifests.requiredEnv(manifests.workload("ring-bootstrap").onlyContainer(), "ETCD_ENDPOINT"));
        assertAllowed("ring-bootstrap", dns.resolve(etcdForJob.getHost(), etcdForJob.getPort()));
        var keyspace = manifests.workload("cassandra-keyspace").onlyContainer();
        assertAllowed("cassandra-keyspace", dns.resolve(Manifests.requiredEnv(keyspace, "CASSANDRA_HOST"),
                Integer.parseInt(Manifests.requiredEnv(keyspace, "CASSANDRA_PORT"))));

        for (String node : Manifests.requiredEnv(manifests.workload("redis-cache-cluster-create").onlyContainer(), "NODES").split(" ")) {
            assertAllowed("redis-cache-cluster-create", dns.resolve(node.substring(0, node.lastIndexOf(':')),
                    Integer.parseInt(node.substring(node.lastIndexOf(':') + 1))));
        }
        // the cache cluster's nodes: replication on the client port, gossip and failover votes on the bus port
        Workload cache = manifests.workload("redis-cache");
        for (String port : List.of("redis", "bus")) {
            var cp = cache.ports().stream().filter(p -> p.getName().equals(port)).findFirst().orElseThrow();
            assertAllowed("redis-cache", new ClusterDns.Destination(port, cp.getContainerPort(), cache, cp));
        }
        assertAllowed("etcd", new ClusterDns.Destination("peer", 2380, manifests.workload("etcd"),
                manifests.workload("etcd").port(2380).orElseThrow()));
        assertAllowed("cassandra", new ClusterDns.Destination("gossip", 7000, manifests.workload("cassandra"),
                manifests.workload("cassandra").port(7000).orElseThrow()));
    }

    private void assertAllowed(String from, ClusterDns.Destination to) {
        Workload source = manifests.workload(from);
        int port = to.containerPort().getContainerPort();
        boolean allowed = policiesSelecting(to.workload()).stream().flatMap(p -> rules(p).stream()).anyMatch(rule ->
                (peers(rule).isEmpty() || peers(rule).stream().anyMatch(peer -> Manifests.matches(peer.getPodSelector().getMatchLabels(), source.podLabels())))
                        && (ports(rule).isEmpty() || ports(rule).stream().anyMatch(p -> to.workload().port(p.getPort())
                        .map(cp -> cp.getContainerPort() == port).orElse(false))));
        assertThat(allowed).as("%s may connect to %s (%s:%s)", from, to.workload(), to.host(), port).isTrue();
    }

    private List<NetworkPolicy> policiesSelecting(Workload w) {
        return policies.stream().filter(p -> Manifests.matches(
                p.getSpec().getPodSelector().getMatchLabels() == null ? Map.of() : p.getSpec().getPodSelector().getMatchLabels(),
                w.podLabels())).toList();
    }

    private static List<NetworkPolicyIngressRule> rules(NetworkPolicy p) {
        return p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress();
    }

    private static List<NetworkPolicyPeer> peers(NetworkPolicyIngressRule r) {
        return r.getFrom() == null ? List.of() : r.getFrom();
    }

    private static List<NetworkPolicyPort> ports(NetworkPolicyIngressRule r) {
        return r.getPorts() == null ? List.of() : r.getPorts();
    }
}
