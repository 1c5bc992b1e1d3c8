package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry bookkeeping without starting processes; killing is proven against real ones in {@link PidRegistryIT}. */
class PidRegistryTest {
    @TempDir
    Path dir;

    @Test
    void recordsTheProcessAndItsOwner() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        ProcessHandle self = ProcessHandle.current();

        registry.record(self, "jvm", "java", PidRegistry.Owner.currentJvm());

        String record = Files.readString(dir.resolve(self.pid() + ".pid"));
        assertThat(record).contains("kind=jvm", "pid=" + self.pid(), "ownerPid=" + self.pid(), "start=",
                "program=java");
    }

    @Test
    void forgetsAStoppedProcess() {
        PidRegistry registry = new PidRegistry(dir);
        registry.record(ProcessHandle.current(), "jvm", "java", PidRegistry.Owner.currentJvm());

        registry.forget(ProcessHandle.current().pid());

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void theCurrentJvmIsAliveAndAMadeUpOneIsNot() {
        assertThat(PidRegistry.Owner.currentJvm().isAlive()).isTrue();
        assertThat(new PidRegistry.Owner(Long.MAX_VALUE, java.util.Optional.empty()).isAlive()).isFalse();
    }

    @Test
    void aMissingDirectoryHasNothingStale() {
        assertThat(new PidRegistry(dir.resolve("missing")).killStale()).isEmpty();
    }
}
