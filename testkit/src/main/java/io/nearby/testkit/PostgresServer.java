package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started on first use and stopped at JVM exit, handing each test a fresh
 * empty database of its own.
 *
 * <p>Preconditions: PostgreSQL binaries in {@code /usr/lib/postgresql/<version>/bin} (or the system property
 * {@code nearby.testkit.pgBin}). Authentication is {@code trust} for everyone on 127.0.0.1 (tests only: any password
 * is accepted); {@code fsync}, {@code full_page_writes} and {@code synchronous_commit} are off (a crash loses data,
 * which a test server does not mind). When the JVM runs as root, the server runs as the {@code postgres} OS user
 * (initdb refuses root), through {@code setpriv} so the recorded pid is the postmaster itself.
 *
 * <pre>{@code
 * PostgresServer.Database db = PostgresServer.shared().newDatabase();
 * try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) { ... }
 * }</pre>
 */
public final class PostgresServer {
    private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String SUPERUSER = "postgres";
    private static PostgresServer shared;
    private static RuntimeException sharedFailure;

    /** A database of its own for one test; {@code password} is accepted but not checked (trust). */
    public record Database(String jdbcUrl, String user, String password, String name) {
    }

    private final int port;
    private final PostgresBinaries binaries;
    private final ServerProcess process;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(int port, PostgresBinaries binaries, ServerProcess process) {
        this.port = port;
        this.binaries = binaries;
        this.process = process;
    }

    /** The JVM's server, started (initdb and all, ~1-2 s) by the first call; a failed start fails every call. */
    public static synchronized PostgresServer shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared PostgreSQL server failed to start", sharedFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** The postmaster's OS pid. */
    long pid() {
        return process.pid();
    }

    /** The server's log file, for failure messages. */
    public Path logFile() {
        return process.log();
    }

    /** Creates a new, empty database ({@code db_<n>_<random>}) owned by the superuser. */
    public Database newDatabase() {
        String name = "db_" + databases.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
        psql("CREATE DATABASE " + name);
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/" + name, SUPERUSER, SUPERUSER, name);
    }

    @Override
    public String toString() {
        return "postgres 127.0.0.1:" + port + " (" + process + ")";
    }

    private static PostgresServer start() {
        long begin = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.locate();
        int port = FreePorts.next();
        Path dir = binaries.runsAsOtherUser() ? WorkDirs.newServerDirForOtherUser("postgres") : WorkDirs.newServerDir("postgres");
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        try {
            Files.createFile(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        binaries.handOver(dir);
        binaries.initdb(data, SUPERUSER, log);
        long initdbMillis = (System.nanoTime() - begin) / 1_000_000;
        List<String> command = new ArrayList<>(binaries.asServerUser());
        // TCP on 127.0.0.1 only, no Unix-domain socket: the kit and the tests connect with -h 127.0.0.1 / JDBC, and a
        // socket path inside a clone may exceed the 107-byte limit of sun_path (postgres then refuses to start)
        command.addAll(List.of(binaries.tool("postgres"), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "max_connections=200"));
        ServerProcess process = new ServerProcess("postgres", command, dir, log, data,
                ServerProcess.StopSignal.INT, STOP_GRACE, env -> env.keySet().removeIf(k -> k.startsWith("PG")),
                List.of(port));
        PostgresServer server = new PostgresServer(port, binaries, process);
        process.start();
        Readiness.await(process, READY_TIMEOUT, "accepts connections on port " + port,
                () -> Probes.commandSucceeds(List.of(binaries.tool("pg_isready"), "-q", "-h", "127.0.0.1",
                        "-p", Integer.toString(port), "-U", SUPERUSER, "-d", "postgres")), List.of(port));
        long startMillis = process.sinceStart().toMillis();
        LOG.log(Level.INFO, String.format(
                "started postgres pid=%d port=%d in %d ms (initdb %d ms, then ready in %d ms), dir=%s",
                process.pid(), port, initdbMillis + startMillis, initdbMillis, startMillis, dir));
        return server;
    }

    private void psql(String sql) {
        List<String> command = List.of(binaries.tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", SUPERUSER, "-d", "postgres", "-c", sql);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
            Process psql = builder.start();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!psql.waitFor(30, TimeUnit.SECONDS) || psql.exitValue() != 0) {
                psql.destroyForcibly();
                throw process.failure("rejected `" + sql + "`: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + sql + "`", e);
        }
    }
}
