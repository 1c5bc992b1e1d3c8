package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Rules every pod template follows: resources, probes, the "restricted" Pod Security profile that the namespace
 * enforces, pinned images, volumes that exist.
 */
class WorkloadHygieneTest {
    /**
     * Containers allowed a writable root filesystem, each with its reason. Cassandra's image entrypoint rewrites
     * /etc/cassandra/cassandra.yaml from the CASSANDRA_* variables at every start.
     */
    private static final Set<String> WRITABLE_ROOT = Set.of("cassandra/cassandra");

    private final Manifests manifests = Manifests.get();
    private final List<Workload> workloads = manifests.workloads();

    @Test
    void theExpectedWorkloadsExist() {
        assertThat(workloads).extracting(Workload::toString).containsExactlyInAnyOrder(
                "Deployment/nearby-server", "StatefulSet/redis-cache",
                "StatefulSet/redis-pubsub", "StatefulSet/etcd", "StatefulSet/postgres", "StatefulSet/cassandra",
                "Job/ring-bootstrap", "Job/cassandra-keyspace", "Job/redis-cache-cluster-create");
        assertThat(manifests.workload("redis-pubsub").replicas()).isEqualTo(3);
        assertThat(manifests.workload("etcd").replicas()).isEqualTo(3);
        assertThat(manifests.workload("cassandra").replicas()).isEqualTo(3);
        assertThat(manifests.workload("postgres").replicas()).isEqualTo(1);
        assertThat(manifests.workload("redis-cache").replicas()).as("3 masters + 3 replicas").isEqualTo(6);
    }

    @Test
    void everyContainerHasCpuAndMemoryRequestsAndLimits() {
        for (Workload w : workloads) {
            for (Container c : w.allContainers()) {
                String what = w + "/" + c.getName();
                assertThat(c.getResources()).as(what).isNotNull();
                Map<String, Quantity> requests = c.getResources().getRequests();
                Map<String, Quantity> limits = c.getResources().getLimits();
                assertThat(requests).as("requests of %s", what).containsKeys("cpu", "memory");
                assertThat(limits).as("limits of %s", what).containsKeys("cpu", "memory");
                for (String r : List.of("cpu", "memory")) {
                    assertThat(Quantity.getAmountInBytes(limits.get(r)))
                            .as("%s limit >= request for %s", r, what)
                            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get(r)));
                }
            }
        }
    }

    @Test
    void longRunningContainersHaveReadinessAndLivenessProbesOnTheirOwnPorts() {
        for (Workload w : workloads) {
            if (!w.longRunning()) {
                continue;
            }
            for (Container c : w.pod().getContainers()) {
                String what = w + "/" + c.getName();
                assertThat(c.getReadinessProbe()).as("readiness of %s", what).isNotNull();
                assertThat(c.getLivenessProbe()).as("liveness of %s", what).isNotNull();
                Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())
                        .map(Optional::ofNullable)
                        .flatMap(Optional::stream)
                        .forEach(p -> assertProbeTargetsAPort(w, what, p));
            }
        }
    }

    private static void assertProbeTargetsAPort(Workload w, String what, Probe p) {
        IntOrString port = p.getHttpGet() != null ? p.getHttpGet().getPort()
                : p.getTcpSocket() != null ? p.getTcpSocket().getPort() : null;
        if (port != null) {
            assertThat(w.port(port)).as("probe port %s of %s", port, what).isPresent();
        } else {
            assertThat(p.getExec()).as("a probe of %s is httpGet, tcpSocket or exec", what).isNotNull();
            assertThat(p.getExec().getCommand()).isNotEmpty();
        }
    }

    @Test
    void everyPodRunsAsNonRootUnderTheRuntimeSeccompProfile() {
        for (Workload w : workloads) {
            PodSecurityContext psc = w.pod().getSecurityContext();
            assertThat(psc).as("pod securityContext of %s", w).isNotNull();
            assertThat(psc.getRunAsNonRoot()).as("runAsNonRoot of %s", w).isTrue();
            assertThat(psc.getRunAsUser()).as("runAsUser of %s (numeric, so runAsNonRoot can be checked)", w)
                    .isNotNull().isGreaterThan(0L);
            assertThat(psc.getSeccompProfile()).as("seccompProfile of %s", w).isNotNull();
            assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(w.pod().getHostNetwork()).as("hostNetwork of %s", w).isNotEqualTo(Boolean.TRUE);
            assertThat(w.pod().getHostPID()).as("hostPID of %s", w).isNotEqualTo(Boolean.TRUE);
            assertThat(w.pod().getHostIPC()).as("hostIPC of %s", w).isNotEqualTo(Boolean.TRUE);
            assertThat(w.pod().getAutomountServiceAccountToken()).as("no workload talks to the API server: %s", w).isFalse();
        }
    }

    @Test
    void everyContainerDropsAllCapabilitiesAndCannotEscalate() {
        for (Workload w : workloads) {
            for (Container c : w.allContainers()) {
                String what = w.name() + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as("securityContext of %s", what).isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", what).isFalse();
                assertThat(sc.getPrivileged()).as("privileged of %s", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities()).as("capabilities of %s", what).isNotNull();
                assertThat(sc.getCapabilities().getDrop()).as("dropped capabilities of %s", what).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("added capabilities of %s", what).isNullOrEmpty();
                assertThat(sc.getRunAsUser() == null || sc.getRunAsUser() != 0L).as("a container-level runAsUser of %s is not root", what).isTrue();
                if (WRITABLE_ROOT.contains(what)) {
                    assertThat(sc.getReadOnlyRootFilesystem()).as("%s is listed as writable: keep the list honest", what).isFalse();
                } else {
                    assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", what).isTrue();
                }
            }
        }
    }

    @Test
    void imagesArePinnedToAVersion() {
        for (Workload w : workloads) {
            for (Container c : w.allContainers()) {
                String image = c.getImage();
                String tag = image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as("image of %s/%s", w.name(), c.getName()).contains(":").doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void everyVolumeMountHasAVolumeAndNoPodUsesHostPaths() {
        for (Workload w : workloads) {
            Set<String> volumes = Optional.ofNullable(w.pod().getVolumes()).orElse(List.of()).stream()
                    .peek(v -> assertThat(v.getHostPath()).as("hostPath volume %s in %s", v.getName(), w).isNull())
                    .map(Volume::getName)
                    .collect(Collectors.toSet());
            if (w.resource() instanceof StatefulSet s && s.getSpec().getVolumeClaimTemplates() != null) {
                s.getSpec().getVolumeClaimTemplates().stream().map(PersistentVolumeClaim::getMetadata)
                        .forEach(m -> volumes.add(m.getName()));
            }
            for (Container c : w.allContainers()) {
                Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).forEach(m ->
                        assertThat(volumes).as("volume %s mounted by %s/%s", m.getName(), w.name(), c.getName())
                                .contains(m.getName()));
            }
        }
    }

    @Test
    void statefulStoresKeepTheirDataOnPersistentVolumesAndCachesDoNot() {
        for (String name : List.of("etcd", "postgres", "cassandra")) {
            StatefulSet s = manifests.named(StatefulSet.class, name);
            assertThat(s.getSpec().getVolumeClaimTemplates()).as("PVCs of %s", name).hasSize(1);
            assertThat(s.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getResources().getRequests())
                    .containsKey("storage");
        }
        StatefulSet pubsub = manifests.named(StatefulSet.class, "redis-pubsub");
        assertThat(pubsub.getSpec().getVolumeClaimTemplates()).as("Pub/Sub keeps no data").isNullOrEmpty();
        // the cache cluster's volume holds its nodes' identity (nodes.conf), never locations (BackendsTest: no
        // --save, no --appendonly)
        StatefulSet cache = manifests.named(StatefulSet.class, "redis-cache");
        assertThat(cache.getSpec().getVolumeClaimTemplates()).hasSize(1);
        String volume = cache.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName();
        String mount = manifests.workload("redis-cache").container("redis").getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume)).findFirst().orElseThrow().getMountPath();
        List<String> args = manifests.workload("redis-cache").container("redis").getArgs();
        assertThat(args.get(args.indexOf("--cluster-config-file") + 1)).startsWith(mount + "/");
        assertThat(Quantity.getAmountInBytes(cache.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getResources()
                .getRequests().get("storage")).longValueExact()).as("a few KB are needed").isLessThanOrEqualTo(1L << 30);
    }
}
