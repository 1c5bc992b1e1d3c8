package io.nearby.friends;

/** {@link UserDirectoryContract} on H2 in memory (unit tier). */
class UserDirectoryH2Test extends UserDirectoryContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2Memory();
    }
}
