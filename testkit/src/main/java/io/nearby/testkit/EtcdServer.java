package io.nearby.testkit;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real single-member {@code etcd} cluster on free client and peer ports of 127.0.0.1, with its data and log in its
 * own directory under the work dir. {@link #restart()} reuses ports and data, so keys survive a kill.
 *
 * <pre>{@code
 * try (EtcdServer etcd = EtcdServer.start();
 *         Client client = Client.builder().endpoints(etcd.endpoint()).build()) { ... }
 * }</pre>
 *
 * <p>Side effects: one OS process (~25 MB) until {@link #close()} or JVM exit.
 */
public final class EtcdServer extends RestartableServer {
    private static final System.Logger LOG = System.getLogger(EtcdServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final int clientPort;
    private final int peerPort;

    private EtcdServer(int clientPort, int peerPort, ServerProcess process) {
        super(process);
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts a new member and returns once {@code GET /health} reports healthy. */
    public static EtcdServer start() {
        int clientPort = FreePorts.next();
        int peerPort = FreePorts.next();
        Path dir = WorkDirs.newServerDir("etcd");
        Path data = dir.resolve("data");
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(binary(), "--name", "testkit", "--data-dir", data.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "testkit=" + peer, "--initial-cluster-state", "new",
                "--logger", "zap", "--log-outputs", "stderr");
        ServerProcess process = new ServerProcess("etcd", command, dir, dir.resolve("etcd.log"), data,
                ServerProcess.StopSignal.TERM, STOP_GRACE,
                env -> env.keySet().removeIf(name -> name.startsWith("ETCD_")), List.of(clientPort, peerPort));
        EtcdServer server = new EtcdServer(clientPort, peerPort, process);
        server.boot();
        return server;
    }

    /** {@code http://127.0.0.1:PORT}, the client URL. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public int peerPort() {
        return peerPort;
    }

    @Override
    public String toString() {
        return "etcd " + endpoint() + " (" + process + ")";
    }

    @Override
    void boot() {
        process.start();
        URI health = URI.create(endpoint() + "/health");
        Readiness.await(process, READY_TIMEOUT, "reports healthy at " + health,
                () -> Probes.httpOk(health, "\"health\":\"true\""), List.of(clientPort, peerPort));
        LOG.log(Level.INFO, String.format("started etcd pid=%d clientPort=%d peerPort=%d in %d ms, dir=%s",
                process.pid(), clientPort, peerPort, process.sinceStart().toMillis(), process.dir()));
    }

    private static String binary() {
        return System.getProperty("nearby.testkit.etcd", "etcd");
    }
}
