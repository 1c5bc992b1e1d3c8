package io.nearby.testkit;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>{@link #start(Options)} protects it: etcd authentication (a user with read/write on every key under {@code /})
 * and/or TLS on the client URL ({@code https://}, a {@link TestCertificates} server certificate).
 *
 * <p>Side effects: one OS process (~25 MB) until {@link #close()} or JVM exit.
 */
public final class EtcdServer extends RestartableServer {
    private static final System.Logger LOG = System.getLogger(EtcdServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final int clientPort;
    private final int peerPort;
    private final Options options;

    private EtcdServer(int clientPort, int peerPort, ServerProcess process, Options options) {
        super(process);
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.options = options;
    }

    /** Starts a new member (no auth, plain HTTP) and returns once {@code GET /health} reports healthy. */
    public static EtcdServer start() {
        return start(Options.NONE);
    }

    /**
     * How a member is protected.
     *
     * @param user with {@code password}: etcd authentication is enabled once the member is up — a {@code root} user
     *     (password {@link #ROOT_PASSWORD}) with the root role, and this user with read/write on every key under
     *     {@code /}; null: no auth
     * @param tls the client URL is {@code https://} with this CA's server certificate; null: plain HTTP
     */
    public record Options(String user, String password, TestCertificates tls) {
        public static final Options NONE = new Options(null, null, null);

        public static Options auth(String user, String password) {
            return new Options(user, password, null);
        }

        public Options withTls(TestCertificates certificates) {
            return new Options(user, password, certificates);
        }
    }

    /** The root user's password of a member started with auth: a test fixture. */
    public static final String ROOT_PASSWORD = "testkit-etcd-root";

    /** Starts a new member with {@code options} and returns once it is healthy (and auth is on, if asked for). */
    public static EtcdServer start(Options options) {
        int clientPort = FreePorts.next();
        int peerPort = FreePorts.next();
        Path dir = WorkDirs.newServerDir("etcd");
        Path data = dir.resolve("data");
        String client = (options.tls() != null ? "https" : "http") + "://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(binary(), "--name", "testkit", "--data-dir", data.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "testkit=" + peer, "--initial-cluster-state", "new",
                "--logger", "zap", "--log-outputs", "stderr"));
        if (options.tls() != null) {
            command.addAll(List.of("--cert-file", options.tls().certFile().toString(),
                    "--key-file", options.tls().keyFile().toString()));
        }
        ServerProcess process = new ServerProcess("etcd", command, dir, dir.resolve("etcd.log"), data,
                ServerProcess.StopSignal.TERM, STOP_GRACE,
                env -> env.keySet().removeIf(name -> name.startsWith("ETCD_")), List.of(clientPort, peerPort));
        EtcdServer server = new EtcdServer(clientPort, peerPort, process, options);
        server.boot();
        if (options.user() != null) {
            try {
                server.enableAuth();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        return server;
    }

    /** {@code http://127.0.0.1:PORT} ({@code https://} with TLS), the client URL. */
    public String endpoint() {
        return (options.tls() != null ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    public Options options() {
        return options;
    }

    /**
     * Through etcd's JSON gateway (the kit needs no etcd client): root user and role, the test's user with a role that
     * may read and write every key under {@code /}, then auth on. From here every request needs a user.
     */
    private void enableAuth() {
        String all = java.util.Base64.getEncoder().encodeToString("/".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String end = java.util.Base64.getEncoder().encodeToString("0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        gateway("/v3/auth/user/add", "{\"name\":\"root\",\"password\":" + json(ROOT_PASSWORD) + "}");
        gateway("/v3/auth/role/add", "{\"name\":\"root\"}");
        gateway("/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
        gateway("/v3/auth/user/add", "{\"name\":" + json(options.user()) + ",\"password\":" + json(options.password()) + "}");
        gateway("/v3/auth/role/add", "{\"name\":\"testkit-rw\"}");
        gateway("/v3/auth/role/grant", "{\"name\":\"testkit-rw\",\"perm\":{\"permType\":\"READWRITE\",\"key\":\"" + all
                + "\",\"range_end\":\"" + end + "\"}}");
        gateway("/v3/auth/user/grant", "{\"user\":" + json(options.user()) + ",\"role\":\"testkit-rw\"}");
        gateway("/v3/auth/enable", "{}");
        LOG.log(Level.INFO, "etcd " + endpoint() + ": auth enabled for user " + options.user());
    }

    private void gateway(String path, String body) {
        try {
            java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(5));
            if (options.tls() != null) {
                http.sslContext(Probes.trusting(options.tls().caFile()));
            }
            java.net.http.HttpResponse<String> response = http.build().send(java.net.http.HttpRequest
                    .newBuilder(URI.create(endpoint() + path)).timeout(java.time.Duration.ofSeconds(10))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("etcd " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("etcd " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enabling etcd auth", e);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
                () -> Probes.httpOk(health, "\"health\":\"true\"", options.tls() == null ? null : options.tls().caFile()),
                List.of(clientPort, peerPort));
        LOG.log(Level.INFO, String.format("started etcd pid=%d clientPort=%d peerPort=%d in %d ms, dir=%s",
                process.pid(), clientPort, peerPort, process.sinceStart().toMillis(), process.dir()));
    }

    private static String binary() {
        return System.getProperty("nearby.testkit.etcd", "etcd");
    }
}
