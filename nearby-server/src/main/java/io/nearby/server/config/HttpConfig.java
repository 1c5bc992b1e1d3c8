package io.nearby.server.config;

import java.time.Duration;

/**
 * The HTTP listener (REST, WebSocket, health, metrics on one port) and how it drains on SIGTERM.
 *
 * @param port        NEARBY_HTTP_PORT [8080]; 0 picks a free port (tests)
 * @param drainWindow NEARBY_DRAIN_SECONDS [10]: how long SIGTERM spreads the 1001 closes of open WebSockets over
 */
public record HttpConfig(int port, Duration drainWindow) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_DRAIN_SECONDS = 10;

    static HttpConfig from(Env env) {
        return new HttpConfig(
                env.integer("NEARBY_HTTP_PORT", DEFAULT_PORT, 0, 65535),
                env.seconds("NEARBY_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS, 0, 600));
    }
}
