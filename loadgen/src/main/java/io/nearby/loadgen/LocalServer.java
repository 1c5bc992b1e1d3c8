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
 * The server under test as a separate OS process ({@code java <jvm args> -jar nearby-server.jar}), so that its CPU and
 * memory can be read from {@code /proc/<pid>} apart from the generator's. Its environment is exactly the given
 * {@code NEARBY_*} variables (inherited ones are removed); stdout and stderr go to a log file.
 *
 * <p>Side effects: one JVM process until {@link #close()} (SIGTERM, SIGKILL after 15 s).
 */
final class LocalServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI url;
    private final Path log;

    private LocalServer(Process process, URI url, Path log) {
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
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = workDir.resolve("nearby-server.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("NEARBY_"));
        builder.environment().putAll(env);
        URI url = URI.create("http://127.0.0.1:" + env.get("NEARBY_HTTP_PORT"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        LocalServer server = new LocalServer(process, url, log);
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
                throw new IllegalStateException("nearby-server exited with " + process.exitValue() + "; log " + log + ":\n" + tail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server");
            }
        }
        throw new IllegalStateException("nearby-server not healthy after " + READY_TIMEOUT.toSeconds() + " s; log " + log + ":\n" + tail());
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
