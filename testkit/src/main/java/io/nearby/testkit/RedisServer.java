package io.nearby.testkit;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, without persistence ({@code --save '' --appendonly no}), in
 * its own directory under the work dir with its log beside it. Start as many as a test needs.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(); JedisPooled jedis = new JedisPooled(redis.url())) { ... }
 * }</pre>
 *
 * <p>A kill loses every key (there is no persistence); {@link #restart()} reuses the port and answers PING when it
 * returns. Side effects: one OS process (~7 MB) until {@link #close()} or JVM exit.
 */
public final class RedisServer extends RestartableServer {
    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final int port;

    private RedisServer(int port, ServerProcess process) {
        super(process);
        this.port = port;
    }

    /** Starts a new server and returns once it answers PING. */
    public static RedisServer start() {
        int port = FreePorts.next();
        Path dir = WorkDirs.newServerDir("redis");
        Path data = dir.resolve("data");
        List<String> command = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                "--dir", dir.toString());
        ServerProcess process = new ServerProcess("redis", command, dir, dir.resolve("redis.log"), data,
                ServerProcess.StopSignal.TERM, STOP_GRACE, env -> { }, List.of(port));
        RedisServer server = new RedisServer(port, process);
        server.boot();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The OS pid of the running server. */
    long pid() {
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
                () -> Probes.redisPing(port), List.of(port));
        LOG.log(Level.INFO, String.format("started redis pid=%d port=%d in %d ms, dir=%s",
                process.pid(), port, process.sinceStart().toMillis(), process.dir()));
    }

    private static String binary() {
        return System.getProperty("nearby.testkit.redisServer", "redis-server");
    }
}
