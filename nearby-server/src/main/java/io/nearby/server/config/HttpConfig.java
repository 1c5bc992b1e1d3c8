package io.nearby.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The HTTP listener (REST, WebSocket, health, metrics on one port), its protection against connections that hold
 * it without doing anything, and how it drains on SIGTERM.
 *
 * @param host           NEARBY_HTTP_HOST [0.0.0.0]: the address to listen on (`./nearby up` sets 127.0.0.1)
 * @param port           NEARBY_HTTP_PORT [8080]; 0 picks a free port (tests)
 * @param drainWindow    NEARBY_DRAIN_SECONDS [10]: how long SIGTERM spreads the 1001 closes of open WebSockets over
 * @param maxConnections NEARBY_MAX_CONNECTIONS [50000]: WebSocket sessions at most; an upgrade beyond is answered 503
 * @param headerTimeout  NEARBY_HTTP_HEADER_SECONDS [10]: a connection that has not sent a complete request head
 *                       (request line and headers) this long after it opened is closed (slowloris)
 * @param idleTimeout    NEARBY_HTTP_IDLE_SECONDS [90]: an HTTP keep-alive connection (or a WebSocket) with no traffic
 *                       this long is closed; above 3 ping intervals so that a live WebSocket (which answers every
 *                       ping) never counts as idle
 */
public record HttpConfig(String host, int port, Duration drainWindow, int maxConnections, Duration headerTimeout,
                         Duration idleTimeout) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_DRAIN_SECONDS = 10;
    public static final String DEFAULT_HOST = "0.0.0.0";

    static HttpConfig from(Env env) {
        String host = env.string("NEARBY_HTTP_HOST", DEFAULT_HOST);
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException("NEARBY_HTTP_HOST", "not an address this machine can listen on: '" + host + "'");
        }
        return new HttpConfig(
                host,
                env.integer("NEARBY_HTTP_PORT", DEFAULT_PORT, 0, 65535),
                env.seconds("NEARBY_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS, 0, 600),
                env.integer("NEARBY_MAX_CONNECTIONS", 50_000, 1, 10_000_000),
                env.seconds("NEARBY_HTTP_HEADER_SECONDS", 10, 1, 600),
                env.seconds("NEARBY_HTTP_IDLE_SECONDS", 90, 5, 86_400));
    }

    /** Whether {@link #host} is a loopback address (only this machine can connect). */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
