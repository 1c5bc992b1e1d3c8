package io.nearby.k8s;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * What the cluster's DNS would answer for the host names written in the manifests, computed from the manifests
 * themselves: {@code svc[.nearby[.svc[.cluster.local]]]} is a Service, {@code pod.svc[.nearby...]} is one pod of
 * the StatefulSet that the (headless) Service governs. Each answer says which workload receives a connection to
 * a given port — or fails with the reason a real client would fail.
 */
final class ClusterDns {
    private final Manifests manifests;

    ClusterDns(Manifests manifests) {
        this.manifests = manifests;
    }

    /** Where a connection to host:port lands. */
    record Destination(String host, int port, Workload workload, ContainerPort containerPort) {
    }

    Destination resolve(String host, int port) {
        String rest = host;
        for (String suffix : List.of(".svc.cluster.local", ".svc")) {
            if (rest.endsWith(suffix)) {
                rest = rest.substring(0, rest.length() - suffix.length());
                String[] p = rest.split("\\.");
                if (!p[p.length - 1].equals(Manifests.NAMESPACE)) {
                    throw new AssertionError(host + ": not in namespace " + Manifests.NAMESPACE);
                }
                rest = String.join(".", Arrays.copyOf(p, p.length - 1));
                break;
            }
        }
        String[] names = rest.split("\\.");
        return switch (names.length) {
            case 1 -> viaService(host, names[0], port);
            case 2 -> viaPod(host, names[0], names[1], port);
            default -> throw new AssertionError(host + ": not a Service or StatefulSet pod name of this namespace");
        };
    }

    private Destination viaService(String host, String serviceName, int port) {
        Service service = manifests.find(Service.class, serviceName)
                .orElseThrow(() -> new AssertionError(host + ": no Service " + serviceName));
        ServicePort sp = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError(host + ": Service " + serviceName + " has no port " + port));
        List<Workload> backends = manifests.selectedBy(service.getSpec().getSelector());
        if (backends.size() != 1) {
            throw new AssertionError(host + ": Service " + serviceName + " selects " + backends + ", expected one workload");
        }
        Workload w = backends.getFirst();
        ContainerPort cp = w.port(sp.getTargetPort() == null ? new IntOrString(port) : sp.getTargetPort())
                .orElseThrow(() -> new AssertionError(host + ": targetPort " + sp.getTargetPort() + " is no container port of " + w));
        return new Destination(host, port, w, cp);
    }

    private Destination viaPod(String host, String podName, String serviceName, int port) {
        Service service = manifests.find(Service.class, serviceName)
                .orElseThrow(() -> new AssertionError(host + ": no Service " + serviceName));
        if (!"None".equals(service.getSpec().getClusterIP())) {
            throw new AssertionError(host + ": Service " + serviceName + " is not headless, so pods get no DNS names through it");
        }
        Workload w = manifests.workloads().stream()
                .filter(x -> x.kind().equals("StatefulSet") && serviceName.equals(x.serviceName()))
                .filter(x -> x.podNames().contains(podName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(host + ": no StatefulSet governed by " + serviceName + " has a pod " + podName));
        if (!Manifests.matches(service.getSpec().getSelector(), w.podLabels())) {
            throw new AssertionError(host + ": Service " + serviceName + " does not select the pods of " + w);
        }
        Optional<ContainerPort> cp = w.port(port);
        return new Destination(host, port, w, cp.orElseThrow(() -> new AssertionError(host + ": " + w + " has no container port " + port)));
    }
}
