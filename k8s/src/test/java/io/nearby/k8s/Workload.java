package io.nearby.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A Deployment, StatefulSet or Job reduced to what the checks need: its pod template.
 *
 * @param replicas    the replica count as written; null when absent (the HPA owns it) and for Jobs
 * @param serviceName a StatefulSet's governing Service; null otherwise
 */
record Workload(String kind, String name, HasMetadata resource, PodTemplateSpec template, Integer replicas, String serviceName) {

    static Workload of(Deployment d) {
        return new Workload("Deployment", d.getMetadata().getName(), d, d.getSpec().getTemplate(), d.getSpec().getReplicas(), null);
    }

    static Workload of(StatefulSet s) {
        return new Workload("StatefulSet", s.getMetadata().getName(), s, s.getSpec().getTemplate(), s.getSpec().getReplicas(),
                s.getSpec().getServiceName());
    }

    static Workload of(Job j) {
        return new Workload("Job", j.getMetadata().getName(), j, j.getSpec().getTemplate(), null, null);
    }

    boolean longRunning() {
        return !kind.equals("Job");
    }

    PodSpec pod() {
        return template.getSpec();
    }

    Map<String, String> podLabels() {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** Init containers first, then the containers. */
    List<Container> allContainers() {
        List<Container> all = new ArrayList<>();
        if (pod().getInitContainers() != null) {
            all.addAll(pod().getInitContainers());
        }
        all.addAll(pod().getContainers());
        return all;
    }

    Container container(String containerName) {
        return pod().getContainers().stream().filter(c -> c.getName().equals(containerName)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no container " + containerName));
    }

    Container onlyContainer() {
        if (pod().getContainers().size() != 1) {
            throw new AssertionError(name + " has " + pod().getContainers().size() + " containers");
        }
        return pod().getContainers().getFirst();
    }

    List<ContainerPort> ports() {
        return pod().getContainers().stream()
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .toList();
    }

    /** The container port a Service targetPort / probe port / policy port means, if any container has it. */
    Optional<ContainerPort> port(IntOrString ref) {
        if (ref == null) {
            return Optional.empty();
        }
        if (ref.getIntVal() != null) {
            return port(ref.getIntVal());
        }
        return ports().stream().filter(p -> ref.getStrVal().equals(p.getName())).findFirst();
    }

    Optional<ContainerPort> port(int number) {
        return ports().stream().filter(p -> p.getContainerPort() == number).findFirst();
    }

    /** A StatefulSet's pod names: name-0 .. name-(replicas-1). */
    List<String> podNames() {
        if (!kind.equals("StatefulSet")) {
            throw new AssertionError(name + " is a " + kind + ": its pods have no stable names");
        }
        int n = replicas == null ? 1 : replicas;
        return IntStream.range(0, n).mapToObj(i -> name + "-" + i).toList();
    }

    /** A StatefulSet pod's DNS name through its governing (headless) Service. */
    String podDns(String podName) {
        return podName + "." + serviceName + "." + Manifests.NAMESPACE + ".svc.cluster.local";
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
