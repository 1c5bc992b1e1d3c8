package io.nearby.friends;

/** {@link UsersRestContract} on a real PostgreSQL 15 from the test kit. */
class UsersRestPostgresIT extends UsersRestContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
