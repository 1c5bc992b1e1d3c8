package io.nearby.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the JDK 17 that Cassandra 5.0 runs on (it supports 11 and 17, not 21+): the system property
 * {@code nearby.testkit.jdk17}, else the environment variable {@code NEARBY_JDK17}, else a directory under
 * {@code /usr/lib/jvm} whose name contains "17" and that has {@code bin/java}.
 */
final class Jdk17 {
    static final String PROPERTY = "nearby.testkit.jdk17";
    static final String ENVIRONMENT = "NEARBY_JDK17";

    private Jdk17() {
    }

    /** The {@code java} executable of a JDK 17. */
    static Path java() {
        return java(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Path.of("/usr/lib/jvm"));
    }

    static Path java(String property, String environment, Path jvms) {
        for (String configured : new String[] {property, environment}) {
            if (configured != null && !configured.isBlank()) {
                Path java = Path.of(configured, "bin", "java");
                if (!Files.isExecutable(java)) {
                    throw new IllegalStateException("no JDK 17 at " + configured + " (" + java + " is not executable);"
                            + " fix -D" + PROPERTY + " or " + ENVIRONMENT);
                }
                return java;
            }
        }
        return installed(jvms).orElseThrow(() -> new IllegalStateException("Cassandra 5.0 needs a JDK 17 and none"
                + " was found under " + jvms + ": install openjdk-17-jdk-headless, or set -D" + PROPERTY
                + "=<JAVA_HOME of a JDK 17> or the environment variable " + ENVIRONMENT));
    }

    private static Optional<Path> installed(Path jvms) {
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> home.getFileName().toString().matches(".*(^|\\D)17(\\D|$).*"))
                    .map(home -> home.resolve("bin").resolve("java"))
                    .filter(Files::isExecutable)
                    .min(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
