package io.nearby.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Where a run's files go: {@code bench-<UTC stamp>...} reports and the {@code bench-work-<stamp>} directory. */
final class RunFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunFiles() {
    }

    /** {@code 20261204-055825} for a run started then. */
    static String stamp(String startedAt) {
        return STAMP.format(Instant.parse(startedAt));
    }

    /**
     * Creates the run's work directory under {@code out} (servers' logs and data) and, unless set already, makes it
     * the test kit's (where redis-server, etcd and the others keep their files).
     */
    static Path workDir(Path out, Instant startedAt) throws IOException {
        Path work = out.resolve("bench-work-" + STAMP.format(startedAt)).toAbsolutePath();
        Files.createDirectories(work);
        if (System.getProperty("nearby.testkit.workDir") == null) {
            System.setProperty("nearby.testkit.workDir", work.toString());
        }
        return work;
    }
}
