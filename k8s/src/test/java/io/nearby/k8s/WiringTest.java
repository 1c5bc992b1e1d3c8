package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.nearby.server.config.NearbyConfig;

/** Names that point at other objects point at objects that exist, on ports that exist. */
class WiringTest {
    private final Manifests manifests = Manifests.get();
    private final ClusterDns dns = new ClusterDns(manifests);
    private final NearbyConfig config = NearbyConfig.fromEnvironment(
            ServerEnvironment.of(manifests.workload("nearby-server").container("nearby-server"), "nearby-server-abc12"));

    @Test
    void everyServiceSelectsOneWorkloadAndTargetsItsContainerPorts() {
        for (Service s : manifests.all(Service.class)) {
            String name = s.getMetadata().getName();
            Map<String, String> selector = s.getSpec().getSelector();
            assertThat(selector).as("selector of Service %s", name).isNotEmpty();
            List<Workload> selected = manifests.selectedBy(selector);
            assertThat(selected).as("workloads selected by Service %s", name).hasSize(1);
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort();
                assertThat(selected.getFirst().port(target)).as("Service %s port %s -> %s", name, p.getPort(), target).isPresent();
            }
            assertThat(s.getSpec().getSessionAffinity()).as("no stickiness on %s", name).isIn(null, "None");
        }
    }

    @Test
    void everyStatefulSetHasItsGoverningService() {
        for (Workload w : manifests.workloads()) {
            if (!w.kind().equals("StatefulSet")) {
                continue;
            }
            Service governing = manifests.service(w.serviceName());
            assertThat(Manifests.matches(governing.getSpec().getSelector(), w.podLabels())).as("%s selects %s", governing.getMetadata().getName(), w).isTrue();
        }
        for (String headless : List.of("redis-cache", "redis-pubsub", "etcd", "cassandra")) {
            Workload w = manifests.workload(headless);
            assertThat(manifests.service(w.serviceName()).getSpec().getClusterIP()).as("%s is governed by a headless Service", w).isEqualTo("None");
        }
    }

    /** Every backend address the server is configured with reaches a container port of the right workload. */
    @Test
    void theServersBackendAddressesResolveToTheBackends() {
        assertThat(config.backends().cacheIsCluster()).as("the cache is the redis-cache cluster").isTrue();
        for (URI node : config.backends().redisClusterNodes()) {
            ClusterDns.Destination d = dns.resolve(node.getHost(), node.getPort());
            assertThat(d.workload().name()).isEqualTo("redis-cache");
            assertThat(d.containerPort().getName()).isEqualTo("redis");
        }
        assertThat(config.backends().redisClusterNodes()).extracting(URI::getHost)
                .containsExactlyElementsOf(podDnsNames("redis-cache"));

        for (URI node : config.backends().pubsubNodes()) {
            assertThat(dns.resolve(node.getHost(), node.getPort()).workload().name()).isEqualTo("redis-pubsub");
        }
        assertThat(config.backends().pubsubNodes()).extracting(URI::getHost)
                .containsExactlyElementsOf(podDnsNames("redis-pubsub"));

        for (String endpoint : config.backends().etcdEndpoints()) {
            URI u = URI.create(endpoint);
            ClusterDns.Destination d = dns.resolve(u.getHost(), u.getPort());
            assertThat(d.workload().name()).isEqualTo("etcd");
            assertThat(d.containerPort().getName()).isEqualTo("client");
        }
        assertThat(config.backends().etcdEndpoints()).extracting(e -> URI.create(e).getHost())
                .containsExactlyElementsOf(podDnsNames("etcd"));

        URI db = URI.create(config.backends().dbUrl().substring("jdbc:".length()));
        assertThat(dns.resolve(db.getHost(), db.getPort()).workload().name()).isEqualTo("postgres");

        for (String contact : config.backends().cassandraContactPoints()) {
            String host = contact.substring(0, contact.lastIndexOf(':'));
            int port = Integer.parseInt(contact.substring(contact.lastIndexOf(':') + 1));
            ClusterDns.Destination d = dns.resolve(host, port);
            assertThat(d.workload().name()).isEqualTo("cassandra");
            assertThat(d.containerPort().getName()).isEqualTo("cql");
        }
    }

    @Test
    void everyDisruptionBudgetCoversOneWorkloadAndStillAllowsEvictions() {
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            String name = pdb.getMetadata().getName();
            List<Workload> selected = manifests.selectedBy(pdb.getSpec().getSelector());
            assertThat(selected).as("workloads of PDB %s", name).hasSize(1);
            Workload w = selected.getFirst();
            int replicas = w.replicas() != null ? w.replicas() : hpaMinimum(w.name());
            if (pdb.getSpec().getMinAvailable() != null) {
                assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as("PDB %s must not block every eviction", name)
                        .isLessThan(replicas);
            } else {
                assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as("PDB %s", name).isBetween(1, replicas - 1);
            }
        }
        PodDisruptionBudget serverPdb = manifests.named(PodDisruptionBudget.class, "nearby-server");
        assertThat(manifests.selectedBy(serverPdb.getSpec().getSelector())).extracting(Workload::name).containsExactly("nearby-server");
    }

    @Test
    void theAutoscalerScalesTheServerOnCpuAndScalesInSlowly() {
        HorizontalPodAutoscaler hpa = manifests.named(HorizontalPodAutoscaler.class, "nearby-server");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(manifests.workload(hpa.getSpec().getScaleTargetRef().getName()).kind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        var down = hpa.getSpec().getBehavior().getScaleDown();
        assertThat(down.getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(down.getPolicies()).allSatisfy(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(1);
        });
    }

    @Test
    void theIngressReachesTheServerWithWebSocketTimeoutsAndNoAffinity() {
        Ingress ingress = manifests.named(Ingress.class, "nearby-server");
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(300);
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout"))).isGreaterThanOrEqualTo(300);
        assertThat(a.keySet()).noneMatch(k -> k.contains("affinity") || k.contains("upstream-hash-by") || k.contains("session-cookie"));
        for (IngressRule rule : ingress.getSpec().getRules()) {
            rule.getHttp().getPaths().forEach(path -> {
                IngressBackend b = path.getBackend();
                Service s = manifests.service(b.getService().getName());
                assertThat(s.getSpec().getPorts()).as("port %s of Service %s", b.getService().getPort(), s.getMetadata().getName())
                        .anySatisfy(p -> {
                            if (b.getService().getPort().getName() != null) {
                                assertThat(p.getName()).isEqualTo(b.getService().getPort().getName());
                            } else {
                                assertThat(p.getPort()).isEqualTo(b.getService().getPort().getNumber());
                            }
                        });
                assertThat(manifests.selectedBy(s.getSpec().getSelector())).extracting(Workload::name).containsExactly("nearby-server");
            });
        }
    }

    private List<String> podDnsNames(String statefulSet) {
        Workload w = manifests.workload(statefulSet);
        return w.podNames().stream().map(w::podDns).toList();
    }

    private int hpaMinimum(String deployment) {
        return manifests.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(deployment))
                .findFirst()
                .map(h -> h.getSpec().getMinReplicas())
                .orElse(1);
    }
}
