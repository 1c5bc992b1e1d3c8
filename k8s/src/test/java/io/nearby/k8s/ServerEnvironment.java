package io.nearby.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;

/**
 * The environment a container would see, built from its manifest the way the kubelet builds it: literal values
 * with {@code $(VAR)} expanded from earlier entries, Secret references replaced by dummy values of a valid shape
 * (the real Secret is never in the repository), the pod's name for {@code fieldRef metadata.name}.
 */
final class ServerEnvironment {
    /** 40 characters: long enough for any secret the server checks (NEARBY_JWT_SECRET needs 32 bytes). */
    static final String DUMMY_SECRET = "dummy-secret-of-a-valid-shape-0123456789";

    private static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern NEARBY_LITERAL = Pattern.compile("\"(NEARBY_[A-Z0-9_]+)\"");

    private ServerEnvironment() {
    }

    static Map<String, String> of(Container container, String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new AssertionError(container.getName() + ": envFrom is not used in these manifests");
        }
        for (EnvVar e : container.getEnv()) {
            env.put(e.getName(), valueOf(e, env, podName));
        }
        return env;
    }

    private static String valueOf(EnvVar e, Map<String, String> earlier, String podName) {
        if (e.getValueFrom() == null) {
            return expand(e.getValue() == null ? "" : e.getValue(), earlier);
        }
        EnvVarSource from = e.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            return DUMMY_SECRET;
        }
        if (from.getFieldRef() != null && "metadata.name".equals(from.getFieldRef().getFieldPath())) {
            return podName;
        }
        throw new AssertionError(e.getName() + ": unsupported valueFrom " + from);
    }

    /** Kubernetes' dependent-variable expansion: $(NAME) of an earlier entry; $$ escapes; unknown refs stay. */
    static String expand(String value, Map<String, String> earlier) {
        StringBuilder out = new StringBuilder();
        Matcher m = REF.matcher(value);
        int last = 0;
        while (m.find()) {
            boolean escaped = m.start() > 0 && value.charAt(m.start() - 1) == '$';
            out.append(value, last, escaped ? m.start() - 1 : m.start());
            String name = m.group(1);
            out.append(!escaped && earlier.containsKey(name) ? earlier.get(name) : m.group());
            last = m.end();
        }
        return out.append(value.substring(last)).toString();
    }

    /**
     * Every NEARBY_* name written as a string literal in the main sources of the repository's modules (the
     * server reads its configuration through such literals: config/*.java, and whatever module adds its own).
     */
    static Set<String> namesKnownToTheServer(Path repoRoot) {
        Set<String> names = new TreeSet<>();
        for (Path main : mainSourceRoots(repoRoot)) {
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    Matcher m = NEARBY_LITERAL.matcher(Manifests.read(p));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** module/src/main/java and module/sub/src/main/java (e.g. testkit/cassandra-dist) under the root. */
    static List<Path> mainSourceRoots(Path repoRoot) {
        try (Stream<Path> level1 = Files.list(repoRoot)) {
            return level1.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .flatMap(d -> {
                        try (Stream<Path> level2 = Files.list(d)) {
                            return Stream.concat(Stream.of(d), level2.filter(Files::isDirectory).toList().stream());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(d -> d.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** allowed-env.txt: NEARBY_* names the manifests may set before the server reads them (first word of a line). */
    static Set<String> allowlisted(Path k8sDir) {
        Set<String> names = new TreeSet<>();
        Manifests.read(k8sDir.resolve("allowed-env.txt")).lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("\\s+")[0]));
        return names;
    }
}
