package io.nearby.friends;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link UserDirectoryContract} on an H2 file DB, the embedded default's kind. */
class UserDirectoryH2FileIT extends UserDirectoryContract {
    @TempDir
    Path dir;

    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2File(dir);
    }
}
