package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {

    @Test
    void neverHandsOutTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(ports.add(FreePorts.next())).as("port #%d is fresh", i).isTrue();
        }
    }

    @Test
    void staysBelowTheEphemeralRangeSoClientSocketsCannotTakeThePort() {
        int ephemeral = FreePorts.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        assumeTrue(ephemeral > 11_000, "the ephemeral range leaves room below it");

        for (int i = 0; i < 50; i++) {
            assertThat(FreePorts.next()).isBetween(10_000, ephemeral - 1);
        }
    }

    @Test
    void readsTheEphemeralRange(@TempDir Path dir) throws Exception {
        Path range = Files.writeString(dir.resolve("range"), "32768\t60999\n");

        assertThat(FreePorts.ephemeralStart(range)).isEqualTo(32768);
        assertThat(FreePorts.ephemeralStart(dir.resolve("missing"))).isZero();
    }

    @Test
    void aPortHandedOutIsClaimedAgainstOtherJvmsUntilReleased() throws Exception {
        int port = FreePorts.next();
        Path claim = FreePorts.claimDir().resolve(port + ".lock");
        try (FileChannel other = FileChannel.open(claim, StandardOpenOption.WRITE)) {
            // within one JVM a second lock on the file throws; in another JVM tryLock() returns null
            assertThatThrownBy(other::tryLock).as("claimed by this JVM").isInstanceOf(OverlappingFileLockException.class);
            FreePorts.release(port);
            FileLock lock = other.tryLock();
            assertThat(lock).as("free to claim once released").isNotNull();
            lock.release();
        }
        assertThat(FreePorts.next()).as("never handed out twice in a JVM, released or not").isNotEqualTo(port);
    }

    @Test
    void handsOutPortsThatAreFree() throws Exception {
        int port = FreePorts.next();
        assertThat(FreePorts.isFree(port)).isTrue();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(FreePorts.isFree(port)).isFalse();
        }
    }
}
