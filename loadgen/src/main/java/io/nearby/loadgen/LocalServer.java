package io.nearby.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, or the stack floor, as a separate OS process ({@code java <jvm args> -jar nearby-server.jar},
 * {@code java <jvm args> -cp <loadgen classpath> io.nearby.loadgen.floor.FloorServer ...}), so that its CPU and memory
 * can be read from {@code /proc/<pid>} apart from the generator's. Its environment is the generator's without any
 * {@code NEARBY_*} variable, plus the given ones; stdout and stderr go to a log file.
 *
 * <p>Side effects: one JVM process until {@link #close()} (SIGTERM, SIGKILL after 15 s).
 */
final class LocalServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** The stack floor's main class, started from the generator's own classpath. */
    static final String FLOOR_MAIN = "io.nearby.loadgen.floor.FloorServer";

    private final String name;
    private final Process process;
    private final URI url;
    private final Path log;

    private LocalServer(String name, Process process, URI url, Path log) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts the server and returns once {@code GET /health} answers 200.
     *
     * @param env the NEARBY_* variables; must contain NEARBY_HTTP_PORT
     * @throws IllegalStateException when it exits or is not ready in time (with the end of its log)
     */
    static LocalServer start(Path jar, List<String> jvmArgs, Map<String, String> env, Path workDir, HttpClient http) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar + " (build it: mvn -pl loadgen -am package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        URI url = URI.create("http://127.0.0.1:" + env.get("NEARBY_HTTP_PORT"));
        return start("nearby-server", command, env, workDir, http, url);
    }

    /**
     * Starts the stack floor ({@link #FLOOR_MAIN}) with the given JVM flags and this JVM's classpath (made absolute),
     * and returns once its {@code /health} answers 200.
     */
    static LocalServer startFloor(List<String> jvmArgs, int port, Path planFile, Path workDir, HttpClient http) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(absoluteClasspath(System.getProperty("java.class.path")));
        command.add(FLOOR_MAIN);
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--plan");
        command.add(planFile.toAbsolutePath().toString());
        return start("floor", command, Map.of(), workDir, http, URI.create("http://127.0.0.1:" + port));
    }

    /** Each entry of a classpath made absolute ({@code libs/*} stays a wildcard), so a child in another directory finds it. */
    static String absoluteClasspath(String classpath) {
        List<String> out = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith(java.io.File.separator + "*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
                out.add(dir.toAbsolutePath().normalize() + java.io.File.separator + "*");
            } else {
                out.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static LocalServer start(String name, List<String> command, Map<String, String> env, Path workDir,
                                     HttpClient http, URI url) {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("NEARBY_"));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        LocalServer server = new LocalServer(name, process, url, log);
        try {
            server.awaitHealthy(http);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy(HttpClient http) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log + ":\n" + tail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name);
            }
        }
        throw new IllegalStateException(name + " not healthy after " + READY_TIMEOUT.toSeconds() + " s; log " + log + ":\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    URI url() {
        return url;
    }

    Path log() {
        return log;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " pid " + process.pid();
    }

    /** SIGTERM (the server drains and exits), SIGKILL after 15 s. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
