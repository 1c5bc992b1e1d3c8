package io.nearby.server;

import java.util.concurrent.CountDownLatch;

import io.helidon.logging.common.LogConfig;
import io.nearby.server.config.ConfigException;
import io.nearby.server.config.NearbyConfig;

/**
 * Entry point: reads the environment once, starts the server, drains on SIGTERM.
 * A configuration error prints the variable and the problem and exits with status 2.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        LogConfig.configureRuntime();
        NearbyConfig config;
        try {
            config = NearbyConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("nearby: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        NearbyServer server = NearbyServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.drainAndStop();
            stopped.countDown();
        }, "nearby-drain"));
        System.out.println("nearby: serving http://localhost:" + server.port()
                + "  (WebSocket ws://localhost:" + server.port() + "/ws, health /health, metrics /metrics)");
        stopped.await();
    }
}
