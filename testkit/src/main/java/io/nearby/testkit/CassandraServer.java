package io.nearby.testkit;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real single-node Cassandra 5.0 running {@code CassandraDaemon} in its own JDK 17 process, on free ports of
 * 127.0.0.1. Expensive (~7 s to start, ~0.5 GB): use {@link #shared()}, one per test JVM, and isolate tests by
 * keyspace ({@link #newKeyspaceName()}). A kill keeps the data: {@link #restart()} replays the commit log and returns
 * once CQL answers.
 *
 * <p>Preconditions: the system property {@code nearby.testkit.cassandraLib} names the jars of {@code cassandra-dist}
 * (failsafe sets it); a JDK 17 (see {@link Jdk17}).
 *
 * <pre>{@code
 * CassandraServer cassandra = CassandraServer.shared();
 * try (CqlSession session = CqlSession.builder()
 *         .addContactPoint(new InetSocketAddress("127.0.0.1", cassandra.port()))
 *         .withLocalDatacenter(cassandra.localDatacenter()).build()) { ... }
 * }</pre>
 */
public final class CassandraServer extends RestartableServer {
    private static final System.Logger LOG = System.getLogger(CassandraServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    private static CassandraServer shared;
    private static RuntimeException sharedFailure;

    private final CassandraLaunch launch;
    private boolean isShared;

    private CassandraServer(CassandraLaunch launch, ServerProcess process) {
        super(process);
        this.launch = launch;
    }

    /**
     * The JVM's node, started by the first call and stopped at JVM exit; a failed start fails every call. A node that
     * a previous test killed and did not restart is restarted (same ports and data).
     */
    public static synchronized CassandraServer shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared Cassandra node failed to start", sharedFailure);
        }
        try {
            if (shared == null) {
                shared = start();
                shared.isShared = true;
            } else if (!shared.process.isAlive()) {
                LOG.log(Level.WARNING, "the shared Cassandra node is down (killed by an earlier test?): restarting it");
                shared.restart();
            }
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
        return shared;
    }

    /**
     * A node of the caller's own, for a test that must break it without disturbing others; close it. Costs another
     * ~0.5 GB and ~7 s: prefer {@link #shared()}.
     */
    public static CassandraServer start() {
        Path java = Jdk17.java();
        Path lib = CassandraLaunch.configuredLib();
        Path dir = WorkDirs.newServerDir("cassandra");
        CassandraLaunch launch = new CassandraLaunch(java, lib, dir, CassandraLaunch.Ports.free());
        launch.writeConfig();
        ServerProcess process = new ServerProcess("cassandra", launch.command(), dir, launch.log(), launch.data(),
                ServerProcess.StopSignal.TERM, STOP_GRACE, env -> {
                    env.remove("JAVA_TOOL_OPTIONS");
                    env.remove("JDK_JAVA_OPTIONS");
                    env.remove("_JAVA_OPTIONS");
                    env.put("JAVA_HOME", java.getParent().getParent().toString());
                }, launch.ports().all());
        CassandraServer server = new CassandraServer(launch, process);
        server.boot();
        return server;
    }

    /** {@code 127.0.0.1:PORT} of the CQL native transport. */
    public String contactPoint() {
        return "127.0.0.1:" + port();
    }

    /** The CQL native transport port. */
    public int port() {
        return launch.ports().cql();
    }

    /** The data center name for the driver's {@code withLocalDatacenter}. */
    public String localDatacenter() {
        return "datacenter1";
    }

    /** A keyspace name no other test in any JVM uses ({@code ks_<n>_<random>}); the caller creates it. */
    public String newKeyspaceName() {
        return "ks_" + KEYSPACES.incrementAndGet() + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /**
     * Stops a node from {@link #start()} (SIGTERM, ~3 s; SIGKILL after 20 s) and deletes its data; the log stays.
     *
     * @throws IllegalStateException for the {@link #shared()} node, which other tests still use (it stops at JVM exit)
     */
    @Override
    public void close() {
        if (isShared) {
            throw new IllegalStateException("the shared Cassandra node stops at JVM exit; do not close it"
                    + " (use CassandraServer.start() for a node of your own)");
        }
        super.close();
    }

    @Override
    public String toString() {
        return "cassandra " + contactPoint() + " (" + process + ")";
    }

    @Override
    void boot() {
        process.start();
        Readiness.await(process, READY_TIMEOUT, "accepts CQL on port " + port(),
                () -> Probes.cqlReady(port()), List.of(port(), launch.ports().storage()));
        CassandraLaunch.Ports ports = launch.ports();
        LOG.log(Level.INFO, String.format(
                "started cassandra pid=%d cqlPort=%d storagePort=%d sslStoragePort=%d in %d ms, dir=%s", process.pid(),
                ports.cql(), ports.storage(), ports.sslStorage(), process.sinceStart().toMillis(), process.dir()));
    }
}
