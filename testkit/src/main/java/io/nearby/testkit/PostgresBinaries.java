package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries, and the OS user they run as: the JVM's own user, or {@code postgres} when the JVM is
 * root (initdb and postgres refuse to run as root).
 *
 * <p>Found at the system property {@code nearby.testkit.pgBin}, else the newest {@code /usr/lib/postgresql/N/bin}.
 */
record PostgresBinaries(Path bin, boolean root) {
    private static final String OS_USER = "postgres";

    static PostgresBinaries locate() {
        String configured = System.getProperty("nearby.testkit.pgBin");
        Path bin = configured != null ? Path.of(configured) : newestInstalled();
        if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("no PostgreSQL server binaries in " + bin
                    + " (install postgresql, or set -Dnearby.testkit.pgBin=<dir with postgres, initdb, psql>)");
        }
        return new PostgresBinaries(bin, isRoot());
    }

    String tool(String name) {
        return bin.resolve(name).toString();
    }

    /** The command prefix that runs the rest as the server's OS user (empty when not root). */
    List<String> asServerUser() {
        return root ? List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--")
                : List.of();
    }

    /** Gives the server's OS user ownership of {@code paths} (only needed, and only possible, as root). */
    /** True when the server runs as the {@code postgres} OS user (the tests run as root). */
    boolean runsAsOtherUser() {
        return root;
    }

    void handOver(Path... paths) {
        if (!root) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = paths[0].getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
            for (Path path : paths) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + List.of(paths) + " to OS user " + OS_USER
                    + " (does the user exist?)", e);
        }
    }

    /** Creates a cluster in {@code data} with {@code superuser}, trust authentication and no fsync; output to log. */
    void initdb(Path data, String superuser, Path log) {
        List<String> command = new ArrayList<>(asServerUser());
        command.addAll(List.of(tool("initdb"), "-D", data.toString(), "-U", superuser, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(data.getParent().toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
            Process initdb = builder.start();
            if (!initdb.waitFor(60, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb failed: " + command + "; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during initdb", e);
        }
    }

    private static Path newestInstalled() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElse(base.resolve("missing"));
        } catch (IOException e) {
            return base.resolve("missing");
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
