package io.nearby.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A directory of small files, one per server process the kit started, each naming the process (pid, start time,
 * program) and the JVM that owns it (pid, start time).
 *
 * <p>A JVM that dies by SIGKILL cannot run its shutdown hook, so its servers would live on. {@link #killStale()} finds
 * every recorded process whose owning JVM is gone and kills it, but only if the pid still names the same process
 * (same start time, and its executable is the recorded program): pids are reused. The kit runs it once per JVM,
 * before it starts its first server.
 *
 * <p>The default directory is shared by every checkout and build of the OS user on the machine:
 * {@code <user tmp>/pids} ({@link WorkDirs#userTmp()}), or the system property {@value #DIR_PROPERTY}.
 */
final class PidRegistry {
    private static final System.Logger LOG = System.getLogger(PidRegistry.class.getName());
    /** Overrides the registry directory (a test that must not share it with other JVMs). */
    static final String DIR_PROPERTY = "nearby.testkit.pidDir";
    private static final String SUFFIX = ".pid";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /** The JVM (or any process) that owns recorded servers, identified by pid and start time. */
    record Owner(long pid, Optional<Instant> start) {
        static Owner currentJvm() {
            return of(ProcessHandle.current());
        }

        static Owner of(ProcessHandle handle) {
            return new Owner(handle.pid(), handle.info().startInstant());
        }

        boolean isAlive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> start.isEmpty() || start.equals(h.info().startInstant()))
                    .isPresent();
        }
    }

    private final Path dir;

    PidRegistry(Path dir) {
        this.dir = dir;
    }

    static PidRegistry system() {
        String configured = System.getProperty(DIR_PROPERTY);
        return new PidRegistry(configured != null && !configured.isBlank() ? Path.of(configured)
                : WorkDirs.userTmp().resolve("pids"));
    }

    Path dir() {
        return dir;
    }

    /**
     * Records {@code process} (of {@code kind}, e.g. "redis") as owned by {@code owner}.
     *
     * @param program the executable the process ends up running ("redis-server", "postgres" behind setpriv, "java");
     *                only its file name counts
     */
    void record(ProcessHandle process, String kind, String program, Owner owner) {
        Properties entry = new Properties();
        entry.setProperty("kind", kind);
        entry.setProperty("pid", Long.toString(process.pid()));
        process.info().startInstant().ifPresent(t -> entry.setProperty("start", t.toString()));
        entry.setProperty("program", fileName(program));
        entry.setProperty("ownerPid", Long.toString(owner.pid()));
        owner.start().ifPresent(t -> entry.setProperty("ownerStart", t.toString()));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "new-", ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp)) {
                entry.store(out, "nearby testkit server process");
            }
            Files.move(tmp, file(process.pid()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record pid " + process.pid() + " in " + dir, e);
        }
    }

    /** Drops the record of {@code pid} (the process has been stopped). */
    void forget(long pid) {
        try {
            Files.deleteIfExists(file(pid));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete pid record " + file(pid), e);
        }
    }

    /**
     * Kills every recorded process whose owner is dead and that is still the process recorded, and drops records
     * whose process is gone. Records of live owners are left alone.
     *
     * @return the pids killed
     */
    List<Long> killStale() {
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return killed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).ifPresent(entry -> cleanUp(file, entry, killed));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot scan pid records in " + dir, e);
        }
        return killed;
    }

    private void cleanUp(Path file, Properties entry, List<Long> killed) {
        try {
            Owner owner = new Owner(Long.parseLong(entry.getProperty("ownerPid")), instant(entry, "ownerStart"));
            if (owner.isAlive()) {
                return;
            }
            long pid = Long.parseLong(entry.getProperty("pid"));
            Optional<ProcessHandle> same = ProcessHandle.of(pid).filter(h -> sameProcess(h, entry));
            if (same.isPresent()) {
                LOG.log(Level.WARNING, "killing stale {0} pid={1} (its JVM pid={2} is gone)",
                        entry.getProperty("kind"), Long.toString(pid), Long.toString(owner.pid()));
                same.get().destroyForcibly();
                same.get().onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                killed.add(pid);
            }
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "cannot clean up stale pid record " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Same start time (when recorded) and same program (when the OS tells it: another user's executable may be hidden
     * from a non-root JVM). With neither known the process is left alone.
     */
    private static boolean sameProcess(ProcessHandle handle, Properties entry) {
        if (!handle.isAlive()) {
            return false;
        }
        Optional<Instant> recordedStart = instant(entry, "start");
        String program = entry.getProperty("program", "");
        Optional<String> actualCommand = handle.info().command();
        boolean startMatches = recordedStart.isEmpty() || recordedStart.equals(handle.info().startInstant());
        boolean programMatches = actualCommand.map(c -> fileName(c).equals(program)).orElse(recordedStart.isPresent());
        return startMatches && programMatches;
    }

    private static String fileName(String command) {
        return command.substring(command.lastIndexOf('/') + 1);
    }

    private static Optional<Instant> instant(Properties entry, String key) {
        return Optional.ofNullable(entry.getProperty(key)).map(Instant::parse);
    }

    private static Optional<Properties> read(Path file) {
        Properties entry = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            entry.load(in);
            if (entry.getProperty("pid") == null || entry.getProperty("ownerPid") == null) {
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            return Optional.of(entry);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring unreadable pid record " + file + ": " + e);
            return Optional.empty();
        }
    }

    private Path file(long pid) {
        return dir.resolve(pid + SUFFIX);
    }

}
