package io.nearby.server.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Node scripts under {@code src/test/browser} (Playwright scenarios and unit tests of the page's pure
 * modules). Installs {@code playwright-core} with {@code npm ci} from the committed package-lock.json when
 * node_modules is missing or older than the lock file; the browser is Debian's {@code /usr/bin/chromium}, which
 * {@code ./nearby test} installs.
 *
 * <p>A script may ask the test for something by printing a line {@code @@<request>}; the handler's answer is
 * written to the script's stdin as one line (e.g. {@code @@restart} → the server restarts → {@code restarted}).
 */
final class BrowserScripts {
    static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "browser").toAbsolutePath().normalize();
    static final Path CHROMIUM = Path.of(System.getProperty("nearby.chromium", "/usr/bin/chromium"));

    private BrowserScripts() {
    }

    /** The output and exit code of a finished script. */
    record Result(int exitCode, String output) {
        /** Fails the test with the script's whole output unless it exited 0. */
        Result assertPassed(String what) {
            assertThat(exitCode).as(what + " failed; its output:\n" + output).isZero();
            return this;
        }
    }

    /** Node, npm and Chromium present, playwright-core installed. */
    static void install() {
        assertThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + " is missing: install Debian's chromium (./nearby test does)").isTrue();
        assertThat(onPath("node") && onPath("npm")).as("node and npm are missing: install them (./nearby test does)").isTrue();
        Path installed = DIR.resolve("node_modules/.package-lock.json");
        try {
            if (Files.exists(installed) && !Files.getLastModifiedTime(DIR.resolve("package-lock.json")).toInstant()
                    .isAfter(Files.getLastModifiedTime(installed).toInstant())) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(3), line -> null).assertPassed("npm ci in " + DIR);
    }

    /** {@code node <args>} in {@link #DIR}, with the environment given, answering {@code @@} requests. */
    static Result node(List<String> args, Map<String, String> env, Duration timeout, Function<String, String> requests) {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        return run(command, env, timeout, requests);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout, Function<String, String> requests) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream in = p.getOutputStream()) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[" + command.getLast() + "] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("@@")) {
                        String answer = requests.apply(line.substring(2));
                        in.write(((answer == null ? "" : answer) + "\n").getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.add("(reading the output failed: " + e + ")");
                }
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(5));
                return new Result(-1, String.join("\n", lines) + "\n(killed after " + timeout + ")");
            }
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        synchronized (lines) {
            return new Result(p.exitValue(), String.join("\n", lines));
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
