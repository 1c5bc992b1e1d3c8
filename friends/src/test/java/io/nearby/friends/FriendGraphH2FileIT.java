package io.nearby.friends;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link FriendGraphContract} on an H2 file DB, the embedded default's kind. */
class FriendGraphH2FileIT extends FriendGraphContract {
    @TempDir
    Path dir;

    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2File(dir);
    }
}
