package io.nearby.friends;

/** {@link FriendsRestContract} on a real PostgreSQL 15 from the test kit. */
class FriendsRestPostgresIT extends FriendsRestContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
