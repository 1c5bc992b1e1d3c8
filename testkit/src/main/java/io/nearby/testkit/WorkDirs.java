package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where servers keep their files: one fresh directory per server under the work dir, named
 * {@code <kind>-<jvm pid>-<n>}, holding the server's log (kept) and its data (deleted when the server is closed).
 *
 * <p>The work dir is the system property {@code nearby.testkit.workDir} (the build sets {@code <root>/target/testkit}),
 * else {@code ${java.io.tmpdir}/nearby-testkit}.
 */
final class WorkDirs {
    static final String PROPERTY = "nearby.testkit.workDir";

    private WorkDirs() {
    }

    static Path root() {
        String configured = System.getProperty(PROPERTY);
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "nearby-testkit");
        return root.toAbsolutePath();
    }

    /**
     * {@code ${java.io.tmpdir}/nearby-testkit-<uid>}: the kit's machine-wide state of this OS user (pid records, port
     * claims), shared by every checkout and build of that user. Per user, because a directory that another user
     * created first (with that user's permissions) could not be written.
     */
    static Path userTmp() {
        return Path.of(System.getProperty("java.io.tmpdir"), "nearby-testkit-" + osUser()).toAbsolutePath();
    }

    /** The numeric uid (Linux), else the user name reduced to file-name characters. */
    private static String osUser() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        } catch (IOException | RuntimeException e) {
            return System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    /** Creates and returns a new, empty directory for one server of {@code kind}. */
    static Path newServerDir(String kind) {
        return newDir(root(), kind);
    }

    /**
     * Like {@link #newServerDir}, but under {@code ${java.io.tmpdir}/nearby-testkit-shared} (mode 755): for servers
     * that run as another OS user (PostgreSQL as {@code postgres} when the tests run as root), which cannot enter a
     * work dir below a private directory such as a fresh clone in a {@code mktemp -d} folder.
     */
    static Path newServerDirForOtherUser(String kind) {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "nearby-testkit-shared").toAbsolutePath();
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return newDir(root, kind);
    }

    private static Path newDir(Path root, String kind) {
        long jvm = ProcessHandle.current().pid();
        try {
            Files.createDirectories(root);
            for (int n = 1; ; n++) {
                try {
                    return Files.createDirectory(root.resolve(kind + "-" + jvm + "-" + n));
                } catch (FileAlreadyExistsException taken) {
                    // left by an earlier run whose JVM had the same pid, or by another server of this kind
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a server directory under " + root, e);
        }
    }

    /** Deletes {@code dir} and everything below it; missing is fine. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
