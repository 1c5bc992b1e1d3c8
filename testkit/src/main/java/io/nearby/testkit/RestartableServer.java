package io.nearby.testkit;

import java.nio.file.Path;

/**
 * What the kit's servers that tests crash and restart do alike: their log, SIGKILL, restart on the same ports, stop.
 * Each kind says in its own documentation what survives a kill (data, or nothing).
 */
public abstract sealed class RestartableServer implements AutoCloseable permits RedisServer, EtcdServer, CassandraServer {
    final ServerProcess process;

    RestartableServer(ServerProcess process) {
        this.process = process;
    }

    /** The server's log file (stdout and stderr), for failure messages. */
    public Path logFile() {
        return process.log();
    }

    /** SIGKILL: the server vanishes without a goodbye, as in a crash. */
    public void kill() {
        process.kill();
    }

    /** Stops the server if it still runs, then starts it again on the same ports and data; returns once it serves. */
    public void restart() {
        process.stop();
        boot();
    }

    /** Stops the server (the clean signal, SIGKILL after the kind's grace period) and deletes its data; the log stays. */
    @Override
    public void close() {
        process.close();
    }

    /** Starts the process and returns once it serves. */
    abstract void boot();
}
