package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Every document is a well-formed, typed Kubernetes object of the nearby namespace, and kustomize applies them all. */
class ManifestParsingTest {
    private final Manifests manifests = Manifests.get();

    @Test
    void everyDocumentParsesToATypedKubernetesObject() {
        assertThat(manifests.documents()).as("YAML documents in %s", manifests.dir()).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (Manifests.Document d : manifests.documents()) {
            if (d.error() != null) {
                problems.add(d.where() + ": " + d.error());
            } else if (!(d.object() instanceof HasMetadata)) {
                problems.add(d.where() + ": not a Kubernetes object: " + d.object());
            } else if (d.object() instanceof GenericKubernetesResource g) {
                problems.add(d.where() + ": unknown kind " + g.getApiVersion() + "/" + g.getKind());
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The model keeps unknown YAML keys aside instead of failing: a misspelt field (readinesProbe) would pass unseen. */
    @Test
    void noDocumentHasAFieldTheModelDoesNotKnow() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata o : manifests.all()) {
            collectUnknownFields(o, o.getKind() + "/" + o.getMetadata().getName(), unknown);
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyObjectIsNamedAndLivesInTheNearbyNamespace() {
        for (HasMetadata o : manifests.all()) {
            assertThat(o.getMetadata().getName()).as("name of a %s", o.getKind()).isNotBlank();
            if (o instanceof Namespace ns) {
                assertThat(ns.getMetadata().getName()).isEqualTo(Manifests.NAMESPACE);
            } else {
                assertThat(o.getMetadata().getNamespace()).as("%s/%s", o.getKind(), o.getMetadata().getName())
                        .isEqualTo(Manifests.NAMESPACE);
            }
            assertThat(o.getMetadata().getLabels()).as("labels of %s/%s", o.getKind(), o.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/part-of", "nearby-friends");
        }
    }

    @Test
    void noTwoObjectsOfOneKindShareAName() {
        Map<String, Long> counts = manifests.all().stream()
                .collect(Collectors.groupingBy(o -> o.getKind() + "/" + o.getMetadata().getName(), Collectors.counting()));
        assertThat(counts).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1L));
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretExample() {
        Map<String, Object> k = manifests.kustomization();
        assertThat(k).containsEntry("namespace", Manifests.NAMESPACE);
        @SuppressWarnings("unchecked")
        Set<String> listed = new TreeSet<>((Collection<String>) k.get("resources"));
        Set<String> files = Manifests.yamlFiles(manifests.dir()).stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(Manifests.KUSTOMIZATION) && !n.equals(Manifests.SECRET_EXAMPLE))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(files);
        assertThat(listed).doesNotContain(Manifests.SECRET_EXAMPLE);
    }

    /** Where kubectl is installed (it is not a build requirement), `kubectl kustomize` must render the same objects. */
    @Test
    void kubectlKustomizeRendersEveryObjectWhereKubectlIsInstalled() throws Exception {
        Optional<Path> kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        assumeThat(kubectl).as("kubectl on the PATH").isPresent();
        Path out = Files.createTempFile("kustomized", ".yaml");
        String rendered;
        try {
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", manifests.dir().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize did not finish within 60 s");
            }
            assertThat(p.exitValue()).as("kubectl kustomize exit code").isZero();
            rendered = Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
        KubernetesSerialization serialization = new KubernetesSerialization();
        Set<String> renderedObjects = Manifests.splitDocuments(rendered).stream()
                .map(d -> (HasMetadata) serialization.unmarshal(d))
                .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> ours = manifests.resources().stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(renderedObjects).isEqualTo(ours);
    }

    @Test
    void kustomizationImageTagIsTheDeploymentsTag() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) manifests.kustomization().get("images");
        String image = manifests.workload("nearby-server").container("nearby-server").getImage();
        assertThat(images).anySatisfy(i -> {
            assertThat(i).containsEntry("name", image.substring(0, image.indexOf(':')));
            assertThat(i).containsEntry("newTag", image.substring(image.indexOf(':') + 1));
        });
    }

    /** The real Secret is created out of band; the example only documents its shape and must stay a placeholder. */
    @Test
    void theSecretExampleHoldsOnlyPlaceholders() {
        Secret example = manifests.named(Secret.class, "nearby-secrets");
        assertThat(example.getStringData()).isNotEmpty();
        assertThat(example.getData()).as("no base64 data in the example").isNullOrEmpty();
        assertThat(example.getStringData().values()).allSatisfy(v -> assertThat(v).startsWith("REPLACE-ME"));
        assertThat(manifests.resources()).noneMatch(Secret.class::isInstance);
    }

    @Test
    void theDockerfileBuildsFromTheServersJarAndLibsAndRunsJavaAsPidOne() throws IOException {
        String dockerfile = Manifests.read(manifests.dir().resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY nearby-server.jar", "COPY libs/")
                .containsPattern("(?m)^USER 10001")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\"");
        Long uid = manifests.workload("nearby-server").pod().getSecurityContext().getRunAsUser();
        assertThat(uid).isEqualTo(10001L);
        assertThat(dockerfile).as("the documented build context").contains("nearby-server/target");
    }

    /**
     * The jar the Dockerfile copies must find its libraries in libs/. Checked on the nearby-server artifact this
     * build put on the test classpath (in a reactor {@code verify}: nearby-server/target/nearby-server.jar, packaged
     * before this module; with {@code -pl k8s}: the installed one), never on whatever happens to lie in another
     * module's target directory. Skipped, with the reason, when this build did not package the server (classes
     * only, e.g. {@code mvn test}) or when the jar is being rewritten by a concurrent build.
     */
    @Test
    void theServersJarFindsItsLibrariesInLibs() throws Exception {
        Path jar = Path.of(io.nearby.server.NearbyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeThat(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"))
                .as("nearby-server is on the test classpath as %s, not as a packaged jar: this build did not package it"
                        + " (run `mvn verify` to check the jar)", jar)
                .isTrue();
        java.util.jar.Manifest manifest;
        try (JarFile j = new JarFile(jar.toFile())) {
            manifest = j.getManifest();
        } catch (java.util.zip.ZipException e) {
            // the classes were loaded from it earlier: only a concurrent build rewriting it makes it unreadable now
            assumeThat(e).as("%s cannot be read (%s): another build is rewriting it; not checked", jar, e).isNull();
            return;
        }
        assertThat(manifest).as("manifest of %s", jar).isNotNull();
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).as("Main-Class of %s", jar).isNotBlank();
        assertThat(manifest.getMainAttributes().getValue("Class-Path")).as("Class-Path of %s", jar).startsWith("libs/");
    }

    /** Walks the model's fields; every non-empty additionalProperties map is a key the model did not recognise. */
    private static void collectUnknownFields(Object o, String path, List<String> out) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                collectUnknownFields(item, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknownFields(v, path + "." + k, out));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (f.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": unknown " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(value, path + "." + f.getName(), out);
                }
            }
        }
    }
}
