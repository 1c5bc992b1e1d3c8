package io.nearby.friends;

/** {@link UserDirectoryContract} on a real PostgreSQL 15 from the test kit. */
class UserDirectoryPostgresIT extends UserDirectoryContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
