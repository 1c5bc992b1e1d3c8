package io.nearby.testkit;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One real server as an OS child process: started in its own directory with stdout and stderr appended to its log
 * file, recorded in the {@link PidRegistry}, and stopped by the JVM's shutdown hook ({@link LiveProcesses}) if the test
 * does not close it.
 *
 * <p>Servers run in the foreground (never daemonized) so the child's pid is the server's pid. {@link #kill()} and
 * {@link #stop(Duration)} keep the data for {@link #start()} again; {@link #close()} deletes the data, keeps the log.
 * Not thread-safe beyond its own methods being atomic: one test drives one server.
 */
final class ServerProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final int TAIL_BYTES = 4096;

    /** The signal that asks a server to shut down cleanly. */
    enum StopSignal { TERM, INT }

    private final String kind;
    private final List<String> command;
    private final Path dir;
    private final Path log;
    private final Path data;
    private final StopSignal stopSignal;
    private final Duration grace;
    private final Consumer<Map<String, String>> environment;
    private final List<Integer> ports;
    private Process process;
    private long startedNanos;
    private boolean closed;

    /**
     * @param data        deleted by {@link #close()}
     * @param grace       how long {@link #stop()} and {@link #close()} wait after the stop signal before SIGKILL
     * @param environment adjusts the inherited environment
     * @param ports       the server's ports from {@link FreePorts}: their claims are released by {@link #close()}
     */
    ServerProcess(String kind, List<String> command, Path dir, Path log, Path data, StopSignal stopSignal,
            Duration grace, Consumer<Map<String, String>> environment, List<Integer> ports) {
        this.kind = kind;
        this.command = List.copyOf(command);
        this.dir = dir;
        this.log = log;
        this.data = data;
        this.stopSignal = stopSignal;
        this.grace = grace;
        this.environment = environment;
        this.ports = List.copyOf(ports);
    }

    /** Starts the process (again, after kill, stop or close); it is not yet ready to serve when this returns. */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(kind + " pid=" + process.pid() + " is already running");
        }
        closed = false;
        LiveProcesses.track(this);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment.accept(builder.environment());
        try {
            startedNanos = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + kind + " (is " + command.getFirst()
                    + " installed and on the PATH?): " + String.join(" ", command), e);
        }
        LiveProcesses.registry().record(process.toHandle(), kind, program(), PidRegistry.Owner.currentJvm());
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(kind + " was never started");
        }
        return process.pid();
    }

    /** Time since the last {@link #start()}, for start-up timing in logs. */
    synchronized Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Exit code of a process that has exited, else -1. */
    synchronized int exitCode() {
        return process != null && !process.isAlive() ? process.exitValue() : -1;
    }

    Path log() {
        return log;
    }

    Path dir() {
        return dir;
    }

    String kind() {
        return kind;
    }

    /** SIGKILL, and wait until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(KILL_WAIT);
        LiveProcesses.registry().forget(process.pid());
    }

    /** The clean stop signal, then SIGKILL after the grace period. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            kill();
            return;
        }
        signalStop();
        if (!awaitExit(grace)) {
            LOG.log(Level.WARNING, "{0} pid={1} still running {2} after SIG{3}: killing it; log {4}",
                    kind, Long.toString(process.pid()), grace, stopSignal, log);
        }
        kill();
    }

    /**
     * Stops the process (clean stop, SIGKILL after the grace period) and deletes its data; the log stays. Its ports
     * are no longer claimed against other JVMs ({@link FreePorts#release}). A later {@link #start()} begins with
     * empty data.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
            WorkDirs.deleteTree(data);
        } finally {
            closed = true;
            LiveProcesses.untrack(this);
            ports.forEach(FreePorts::release);
        }
    }

    /** The ports given at construction. */
    List<Integer> ports() {
        return ports;
    }

    /** An exception for a server that failed, naming its log and quoting the end of it. */
    IllegalStateException failure(String what) {
        return new IllegalStateException(kind + " " + what + "; log: " + log + "\n--- end of log ---\n" + logTail());
    }

    /** The last few KB of the log. */
    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - TAIL_BYTES);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return kind + (process == null ? "" : " pid=" + process.pid()) + " dir=" + dir + " log=" + log;
    }

    private void signalStop() {
        if (stopSignal == StopSignal.TERM) {
            process.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + stopSignal.name(), Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The server's executable as the OS will report it: the command's first word, or what follows {@code --} of a
     * setpriv-style wrapper, looked up on the PATH with symlinks resolved (Debian's redis-server is a link to
     * redis-check-rdb).
     */
    private String program() {
        int separator = command.indexOf("--");
        String program = separator >= 0 && separator + 1 < command.size() ? command.get(separator + 1)
                : command.getFirst();
        List<Path> candidates = program.contains("/") ? List.of(Path.of(program))
                : Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                        .map(dir -> Path.of(dir, program)).toList();
        for (Path candidate : candidates) {
            try {
                if (Files.isExecutable(candidate)) {
                    return candidate.toRealPath().toString();
                }
            } catch (IOException e) {
                // try the next
            }
        }
        return program;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
