package io.nearby.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The manifests of k8s/, read once per test JVM: every YAML document of every *.yaml file, parsed into the
 * fabric8 Kubernetes model (no cluster involved). Documents that fail to parse are kept with their error so
 * that one test can report them all.
 *
 * <p>Preconditions: system property {@code nearby.k8s.dir} names the k8s directory (the module's pom sets it);
 * without it the working directory is used.
 */
final class Manifests {
    static final String NAMESPACE = "nearby";
    static final String KUSTOMIZATION = "kustomization.yaml";
    /** Shows the Secret's shape; deliberately not applied (docs/deployment.md "Configuration and secrets"). */
    static final String SECRET_EXAMPLE = "secret.example.yaml";

    /** One YAML document: where it came from, and the typed object or the reason there is none. */
    record Document(Path file, int index, String text, Object object, Exception error) {
        String where() {
            return file.getFileName() + " #" + index;
        }
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Path dir;
    private final List<Document> documents;

    private Manifests(Path dir, List<Document> documents) {
        this.dir = dir;
        this.documents = documents;
    }

    /** The manifests, loaded on first use. */
    static Manifests get() {
        return Holder.ALL;
    }

    private static final class Holder {
        static final Manifests ALL = load(k8sDir());
    }

    static Path k8sDir() {
        return Path.of(System.getProperty("nearby.k8s.dir", ".")).toAbsolutePath().normalize();
    }

    static Manifests load(Path dir) {
        List<Document> docs = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            if (file.getFileName().toString().equals(KUSTOMIZATION)) {
                continue;
            }
            int index = 0;
            for (String text : splitDocuments(read(file))) {
                Object object = null;
                Exception error = null;
                try {
                    object = SERIALIZATION.unmarshal(text);
                } catch (RuntimeException e) {
                    error = e;
                }
                docs.add(new Document(file, index++, text, object, error));
            }
        }
        return new Manifests(dir, List.copyOf(docs));
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits on "---" lines and drops documents that hold only comments and blank lines. */
    static List<String> splitDocuments(String yaml) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            if (line.strip().equals("---")) {
                addIfContent(out, current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        addIfContent(out, current.toString());
        return out;
    }

    private static void addIfContent(List<String> out, String doc) {
        boolean content = doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
        if (content) {
            out.add(doc);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kustomization.yaml as plain data (fabric8 has no model for it). */
    @SuppressWarnings("unchecked")
    Map<String, Object> kustomization() {
        return SERIALIZATION.unmarshal(read(dir.resolve(KUSTOMIZATION)), Map.class);
    }

    Path dir() {
        return dir;
    }

    List<Document> documents() {
        return documents;
    }

    /** Parsed objects of the files that kustomization.yaml applies (everything but the Secret example). */
    List<HasMetadata> resources() {
        return documents.stream()
                .filter(d -> !d.file().getFileName().toString().equals(SECRET_EXAMPLE))
                .map(Document::object)
                .filter(HasMetadata.class::isInstance)
                .map(HasMetadata.class::cast)
                .toList();
    }

    List<HasMetadata> all() {
        return documents.stream().map(Document::object).filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** Deployments, StatefulSets and Jobs, seen through their pod templates. */
    List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        all(Deployment.class).forEach(d -> out.add(Workload.of(d)));
        all(StatefulSet.class).forEach(s -> out.add(Workload.of(s)));
        all(Job.class).forEach(j -> out.add(Workload.of(j)));
        return out;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload named " + name));
    }

    /** Workloads whose pod labels satisfy the selector (matchLabels only: the manifests use nothing else). */
    List<Workload> selectedBy(LabelSelector selector) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not used in these manifests: " + selector);
        }
        return selectedBy(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    }

    List<Workload> selectedBy(Map<String, String> matchLabels) {
        return workloads().stream().filter(w -> matches(matchLabels, w.podLabels())).toList();
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    Service service(String name) {
        return named(Service.class, name);
    }

    static Optional<String> env(Container c, String name) {
        return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst();
    }

    static String requiredEnv(Container c, String name) {
        return env(c, name).orElseThrow(() -> new AssertionError("container " + c.getName() + " has no value for " + name));
    }
}
