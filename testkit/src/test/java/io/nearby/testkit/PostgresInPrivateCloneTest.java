package io.nearby.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: `./nearby test` in a fresh clone under a private `mktemp -d` folder (mode 700) failed because the work
 * dir sat below that folder and initdb, running as the `postgres` user, could not enter it. Servers that run as
 * another OS user get a directory every user can reach.
 */
class PostgresInPrivateCloneTest {
    @Test
    void aServerDirForAnotherUserIsReachableByEveryone() throws Exception {
        Path dir = WorkDirs.newServerDirForOtherUser("regression");
        try {
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                assertThat(Files.getPosixFilePermissions(p)).as(p + " must let other users through")
                        .contains(PosixFilePermission.OTHERS_EXECUTE);
            }
        } finally {
            WorkDirs.deleteTree(dir);
        }
    }
}
