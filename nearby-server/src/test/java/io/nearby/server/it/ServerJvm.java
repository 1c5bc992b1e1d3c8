package io.nearby.server.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nearby.testkit.FreePorts;

/**
 * One real Nearby Friends server as its own OS process — {@code java -cp <test classpath> io.nearby.server.Main}, the
 * production entry point with its SIGTERM hook — so that a test can send it real signals: {@link #sigterm()} (the
 * drain), {@link #kill()} (SIGKILL, a crash), {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT: a process that
 * stops reading its sockets, as in a long GC pause or CPU starvation). Its port stays the same across
 * {@link #start()}s, as a restarted pod keeps its Service. The environment is this JVM's without any NEARBY_*
 * variable, plus the given ones; stdout and stderr go to {@code target/server-jvms/<name>-<n>.log}.
 */
final class ServerJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final Path logDir = Path.of("target", "server-jvms").toAbsolutePath();
    private Process process;
    private Path log;
    private int starts;
    private boolean paused;

    /** Not started yet; {@code env} gets NEARBY_HTTP_PORT (a free port) and NEARBY_HTTP_HOST=127.0.0.1 unless set. */
    ServerJvm(String name, Map<String, String> env) {
        this.name = name;
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("NEARBY_HTTP_HOST", "127.0.0.1");
        e.putIfAbsent("NEARBY_HTTP_PORT", Integer.toString(FreePorts.next()));
        this.port = Integer.parseInt(e.get("NEARBY_HTTP_PORT"));
        this.env = Map.copyOf(e);
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyNow, "server-jvm-reaper-" + name));
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI ws(String token) {
        return URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token);
    }

    Rest rest(String token) {
        return new Rest("http://127.0.0.1:" + port, token);
    }

    synchronized long pid() {
        return process.pid();
    }

    /** Starts the process and returns once {@code /health/ready} answers 200; fails with the end of its log. */
    synchronized ServerJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.nearby.server.Main"));
        try {
            Files.createDirectories(logDir);
            log = logDir.resolve(name + "-" + ProcessHandle.current().pid() + "-" + (++starts) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(k -> k.startsWith("NEARBY_"));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log + ":\n" + logTail());
            }
            if (ready() == 200) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT + "; log " + log + ":\n" + logTail());
    }

    /** The status of {@code GET /health/ready}, or -1 when nothing answers (within 2 s). */
    int ready() {
        return status("/health/ready");
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM: the production shutdown hook drains and stops. */
    synchronized void sigterm() {
        process.destroy();
    }

    /** SIGKILL, and wait until the process is gone. */
    synchronized void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGSTOP: every thread of the server stops; its sockets stay open, nothing is read from them. */
    synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end; true if it did within {@code atMost}. */
    boolean awaitExit(Duration atMost) {
        Process p;
        synchronized (this) {
            p = process;
        }
        try {
            return p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized int exitValue() {
        return process.exitValue();
    }

    /**
     * A counter or gauge from {@code GET /metrics} (Prometheus text), the sum over the series that carry every given
     * label ({@code "reason=\"draining\""}); 0 when there is none yet.
     */
    double metric(String name, String... labels) {
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(this.name + ": /metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return sum(text, name, labels);
    }

    static double sum(String prometheusText, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([^ ]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(prometheusText);
        double total = 0;
        while (m.find()) {
            String tags = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= tags.contains(label);
            }
            if (all) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    private synchronized void destroyNow() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** SIGTERM (the drain) if it still runs, SIGKILL after 20 s. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(20))) {
            kill();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + (process == null ? "" : ", pid " + process.pid()) + ")";
    }
}
