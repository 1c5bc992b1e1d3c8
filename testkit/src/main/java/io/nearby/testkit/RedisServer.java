package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, without persistence ({@code --save '' --appendonly no}), in
 * its own directory under the work dir with its log beside it. Start as many as a test needs.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(); JedisPooled jedis = new JedisPooled(redis.url())) { ... }
 * }</pre>
 *
 * <p>{@link #start(Options)} protects it: {@code requirepass} (the server then answers nothing but AUTH without the
 * password) and/or TLS only ({@code rediss://}, with a {@link TestCertificates} server certificate).
 *
 * <p>A kill loses every key (there is no persistence); {@link #restart()} reuses the port and answers PING when it
 * returns. Side effects: one OS process (~7 MB) until {@link #close()} or JVM exit.
 */
public final class RedisServer extends RestartableServer {
    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final int port;
    private final Options options;

    private RedisServer(int port, ServerProcess process, Options options) {
        super(process);
        this.port = port;
        this.options = options;
    }

    /** Starts a new server (no password, no TLS) and returns once it answers PING. */
    public static RedisServer start() {
        return start(Options.NONE);
    }

    /**
     * How a server is protected.
     *
     * @param password {@code requirepass} (written to the server's own config file, not its command line); null: none
     * @param tls serve TLS only ({@code tls-port}, plain port off), with this CA's server certificate; null: plain TCP
     */
    public record Options(String password, TestCertificates tls) {
        public static final Options NONE = new Options(null, null);

        public static Options password(String password) {
            return new Options(password, null);
        }

        public Options withTls(TestCertificates certificates) {
            return new Options(password, certificates);
        }
    }

    /** Starts a new server with {@code options} and returns once it answers PING (after AUTH, over TLS). */
    public static RedisServer start(Options options) {
        return start(options, null);
    }

    /**
     * What makes a server a Redis Cluster node ({@link RedisCluster} starts them): its cluster bus port (its own free
     * port, not {@code port + 10000}, which could fall into the kernel's ephemeral range) and the node timeout.
     */
    record ClusterNode(int busPort, Duration nodeTimeout) {
    }

    /**
     * {@link #start(Options)}, as a cluster node when {@code cluster} is not null: {@code cluster-enabled}, the node's
     * {@code nodes.conf} in its directory (kept by {@link #kill()} and {@link #restart()}, so a restarted node rejoins
     * with its identity, as a pod with its volume does), {@code cluster-require-full-coverage no} (the other shards go
     * on serving while one has no master), replication and the bus over TLS with a TLS server, {@code masterauth} with a
     * password.
     */
    static RedisServer start(Options options, ClusterNode cluster) {
        int port = FreePorts.next();
        Path dir = WorkDirs.newServerDir(cluster == null ? "redis" : "redis-cluster");
        Path data = dir.resolve("data");
        List<String> command = new ArrayList<>(List.of(binary()));
        if (options.password() != null) {
            Path conf = dir.resolve("redis.conf");
            String quoted = "\"" + options.password().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            try {
                Files.writeString(conf, "requirepass " + quoted + "\n" + (cluster == null ? "" : "masterauth " + quoted + "\n"));
                Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            command.add(conf.toString());
        }
        if (options.tls() != null) {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", options.tls().certFile().toString(),
                    "--tls-key-file", options.tls().keyFile().toString(),
                    "--tls-ca-cert-file", options.tls().caFile().toString(), "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        command.addAll(List.of("--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                "--dir", dir.toString()));
        List<Integer> ports = List.of(port);
        if (cluster != null) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-port", Integer.toString(cluster.busPort()),
                    "--cluster-node-timeout", Long.toString(cluster.nodeTimeout().toMillis()),
                    "--cluster-require-full-coverage", "no",
                    // a replica syncs at once, not after the default 5 s wait for more replicas to share one transfer
                    "--repl-diskless-sync-delay", "0"));
            if (options.tls() != null) {
                command.addAll(List.of("--tls-cluster", "yes", "--tls-replication", "yes"));
            }
            ports = List.of(port, cluster.busPort());
        }
        ServerProcess process = new ServerProcess(cluster == null ? "redis" : "redis-cluster", command, dir,
                dir.resolve("redis.log"), data, ServerProcess.StopSignal.TERM, STOP_GRACE, env -> { }, ports);
        RedisServer server = new RedisServer(port, process, options);
        server.boot();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code rediss://…} for a TLS server; never with the password. */
    public String url() {
        return (options.tls() != null ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    /** {@link #url()} with the password as user info of the default user ({@code redis://:PASSWORD@127.0.0.1:PORT}). */
    public String urlWithPassword() {
        if (options.password() == null) {
            return url();
        }
        return url().replace("://", "://:" + java.net.URLEncoder.encode(options.password(),
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "@");
    }

    public Options options() {
        return options;
    }

    /** The OS pid of the running server (e.g. to read its CPU time from {@code /proc}). */
    public long pid() {
        return process.pid();
    }

    @Override
    public String toString() {
        return "redis " + url() + " (" + process + ")";
    }

    @Override
    void boot() {
        process.start();
        Readiness.await(process, READY_TIMEOUT, "answers PING on port " + port,
                () -> Probes.redisPing(port, options.password(), caFile()), process.ports());
        LOG.log(Level.INFO, String.format("started redis pid=%d port=%d in %d ms, dir=%s",
                process.pid(), port, process.sinceStart().toMillis(), process.dir()));
    }

    /** The CA file a client must trust (TLS servers), else null. */
    Path caFile() {
        return options.tls() == null ? null : options.tls().caFile();
    }

    private static String binary() {
        return System.getProperty("nearby.testkit.redisServer", "redis-server");
    }
}
