package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers the kit starts.
 *
 * <p>Ports are drawn at random from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, usually
 * 32768-60999), from 10000 up: the kernel never hands those to outgoing connections, so no client socket can take a
 * server's port in the seconds between this choice and the server's bind (Cassandra binds its CQL port ~7 s after
 * start), nor while a killed server waits for {@code restart()}. Each candidate must bind on 127.0.0.1, and a JVM never
 * gets the same port twice. If the ephemeral range leaves no room below it, the kernel picks (bind to port 0).
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final InetAddress LOOPBACK = loopback();
    private static final int BELOW_EPHEMERAL = ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

    private FreePorts() {
    }

    /** A port that is free on 127.0.0.1 right now and not yet handed out in this JVM. */
    public static synchronized int next() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = BELOW_EPHEMERAL > LOWEST + 1000
                    ? ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL)
                    : kernelChosen();
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }

    /** True when nothing listens on {@code port} at 127.0.0.1 (a bind succeeds). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first ephemeral port per {@code rangeFile} ("32768\t60999"); 0 when unknown. */
    static int ephemeralStart(Path rangeFile) {
        try {
            // not Files.readString: on procfs (size 0) it returns only the first byte
            return Integer.parseInt(Files.readAllLines(rangeFile).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int kernelChosen() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral port on 127.0.0.1", e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
