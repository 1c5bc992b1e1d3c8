package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale-process cleanup against real processes: what the kit does at start after a JVM was SIGKILLed. */
class PidRegistryIT {
    @TempDir
    Path dir;
    private Process sleeper;

    @AfterEach
    void killSleeper() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void killsAProcessWhoseOwnerJvmIsDead() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        sleeper = new ProcessBuilder("sleep", "300").start();
        registry.record(sleeper.toHandle(), "sleep", "sleep", deadOwner());

        assertThat(registry.killStale()).containsExactly(sleeper.pid());

        assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).as("sleep 300 killed").isTrue();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void leavesProcessesOfLiveOwnersAlone() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        sleeper = new ProcessBuilder("sleep", "300").start();
        registry.record(sleeper.toHandle(), "sleep", "sleep", PidRegistry.Owner.currentJvm());

        assertThat(registry.killStale()).isEmpty();

        assertThat(sleeper.isAlive()).isTrue();
        assertThat(dir.resolve(sleeper.pid() + ".pid")).exists();
    }

    @Test
    void leavesAProcessRunningAnotherProgramAlone() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        sleeper = new ProcessBuilder("sleep", "300").start();
        registry.record(sleeper.toHandle(), "redis", "redis-server", deadOwner());

        assertThat(registry.killStale()).isEmpty();

        assertThat(sleeper.isAlive()).isTrue();
    }

    @Test
    void neverKillsAReusedPid() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        sleeper = new ProcessBuilder("sleep", "300").start();
        PidRegistry.Owner dead = deadOwner();
        // a record naming the sleeper's pid but another start time: the recorded process is gone, the pid reused
        Files.writeString(dir.resolve(sleeper.pid() + ".pid"), String.join("\n",
                "kind=sleep", "pid=" + sleeper.pid(), "start=" + Instant.EPOCH,
                "program=sleep", "ownerPid=" + dead.pid()));

        assertThat(registry.killStale()).isEmpty();

        assertThat(sleeper.isAlive()).isTrue();
        assertThat(dir).as("the stale record is dropped").isEmptyDirectory();
    }

    /** The identity of a process that has exited: its pid names no live process with its start time. */
    private static PidRegistry.Owner deadOwner() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        PidRegistry.Owner owner = PidRegistry.Owner.of(gone.toHandle());
        gone.waitFor();
        return owner;
    }
}
