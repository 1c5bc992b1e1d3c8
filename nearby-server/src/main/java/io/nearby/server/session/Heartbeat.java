package io.nearby.server.session;

import java.time.Duration;

/**
 * Liveness of one connection: the server pings every {@code interval}; a connection that has sent nothing (not even
 * the pong every WebSocket stack answers with) for {@code idleTimeout} is dead. Read by the registry's ticker without
 * locks (volatile), acted on by the session under its lock.
 */
final class Heartbeat {
    enum Verdict { ALIVE, PING, DEAD }

    private final long intervalNanos;
    private final long idleTimeoutNanos;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();

    Heartbeat(Duration interval, Duration idleTimeout) {
        this.intervalNanos = interval.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** The client sent something. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** Whether {@link #check} would do anything now (cheap: for the registry's once-a-second scan). */
    boolean due(long nowNanos) {
        return nowNanos - lastPingNanos >= intervalNanos || nowNanos - lastHeardNanos > idleTimeoutNanos;
    }

    /** What to do now; a PING is recorded as sent. */
    Verdict check(long nowNanos) {
        if (nowNanos - lastHeardNanos > idleTimeoutNanos) {
            return Verdict.DEAD;
        }
        if (nowNanos - lastPingNanos >= intervalNanos) {
            lastPingNanos = nowNanos;
            return Verdict.PING;
        }
        return Verdict.ALIVE;
    }
}
