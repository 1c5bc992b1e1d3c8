package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a test JVM dies by SIGKILL, its Redis and PostgreSQL (run as another OS user when root) live on, and
 * the kit's stale cleanup kills them. The dead JVM records its servers in a registry of this test's own: in the
 * shared one, any other test JVM starting its first server meanwhile would clean them up first.
 */
class StaleServerCleanupIT {

    @Test
    void killsTheServersOfAJvmThatWasKilled(@TempDir Path pids) throws Exception {
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + WorkDirs.PROPERTY + "=" + WorkDirs.root(),
                "-D" + PidRegistry.DIR_PROPERTY + "=" + pids,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                OrphanMaker.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] words;
        try {
            String line = CompletableFuture.supplyAsync(() -> firstLine(jvm)).get(60, TimeUnit.SECONDS);
            assertThat(line).startsWith("SERVERS ");
            words = line.split(" ");
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(10, TimeUnit.SECONDS);
        }
        long redisPid = Long.parseLong(words[1]);
        int redisPort = Integer.parseInt(words[2]);
        long postgresPid = Long.parseLong(words[3]);
        int postgresPort = Integer.parseInt(words[4]);
        ProcessHandle redis = ProcessHandle.of(redisPid).orElseThrow();
        ProcessHandle postgres = ProcessHandle.of(postgresPid).orElseThrow();
        assertThat(List.of(redis, postgres)).as("servers outlive their SIGKILLed JVM").allMatch(ProcessHandle::isAlive);
        assertThat(Probes.redisPing(redisPort)).isTrue();

        List<Long> killed = new PidRegistry(pids).killStale();

        assertThat(killed).contains(redisPid, postgresPid);
        assertThat(redis.onExit()).as("redis-server %d exits", redisPid).succeedsWithin(Duration.ofSeconds(10));
        assertThat(postgres.onExit()).as("postgres %d exits", postgresPid).succeedsWithin(Duration.ofSeconds(10));
        assertThat(List.of(redis, postgres)).as("no longer running").noneMatch(ProcessHandle::isAlive);
        assertThat(FreePorts.isFree(redisPort)).isTrue();
        assertThat(FreePorts.isFree(postgresPort)).isTrue();
    }

    private static String firstLine(Process process) {
        try {
            return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
