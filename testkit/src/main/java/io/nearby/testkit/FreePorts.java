package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
 *
 * <p>Other JVMs on the machine (another build, another checkout) choose from the same range, and a port is only
 * bound once its server listens. So a port handed out is also claimed machine-wide: an exclusive lock on
 * {@code <user tmp>/ports/<port>.lock} ({@link WorkDirs#userTmp()}), which every JVM using the kit tries before it
 * takes a port. The lock lasts until the server is closed ({@link #release}) or the JVM exits (the OS drops it
 * then, also after SIGKILL), so it covers a killed server waiting for its restart too. The lock files stay (deleting
 * one could hand the same port to two JVMs). The claim is per OS user; servers also prove at start that the port is
 * theirs (see {@link Readiness}).
 */
public final class FreePorts {
    private static final System.Logger LOG = System.getLogger(FreePorts.class.getName());
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    /** The claims this JVM holds, by port; the channel's lock is the claim. */
    private static final Map<Integer, FileChannel> CLAIMS = new HashMap<>();
    private static boolean claimsUnavailable;
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final InetAddress LOOPBACK = loopback();
    private static final int BELOW_EPHEMERAL = ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

    private FreePorts() {
    }

    /**
     * A port that is free on 127.0.0.1 right now, not yet handed out in this JVM, and claimed by no other JVM; it stays
     * claimed for this JVM until {@link #release} or exit.
     */
    public static synchronized int next() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = BELOW_EPHEMERAL > LOWEST + 1000
                    ? ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL)
                    : kernelChosen();
            if (HANDED_OUT.contains(port) || !claim(port)) {
                continue;
            }
            if (isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
            release(port);
        }
        throw new IllegalStateException("no free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }

    /**
     * Gives up this JVM's machine-wide claim on {@code port} (its server was closed); this JVM still never hands it
     * out again. Nothing happens for a port that is not claimed.
     */
    static synchronized void release(int port) {
        FileChannel claim = CLAIMS.remove(port);
        if (claim != null) {
            try {
                claim.close(); // releases the lock
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release the claim on port " + port, e);
            }
        }
    }

    /** The directory of the claim files. */
    static Path claimDir() {
        return WorkDirs.userTmp().resolve("ports");
    }

    /** Takes the exclusive lock on the port's claim file; false if another JVM holds it. */
    private static boolean claim(int port) {
        if (claimsUnavailable) {
            return true;
        }
        FileChannel channel = null;
        try {
            Path dir = Files.createDirectories(claimDir());
            channel = FileChannel.open(dir.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                return false;
            }
            CLAIMS.put(port, channel);
            return true;
        } catch (OverlappingFileLockException e) {
            // held by this JVM already (cannot happen: such a port is handed out). Not closed: closing any channel of
            // a file drops every POSIX lock the process holds on it, the claim included
            return false;
        } catch (IOException e) {
            closeQuietly(channel);
            // the kit must still work (each server proves its port is its own when it starts): go on without claims
            claimsUnavailable = true;
            LOG.log(System.Logger.Level.WARNING, "cannot claim ports under " + claimDir() + " (" + e
                    + "): ports are checked free, but not claimed against other JVMs");
            return true;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
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
