package io.nearby.friends;

/** {@link FriendGraphContract} on a real PostgreSQL 15 from the test kit. */
class FriendGraphPostgresIT extends FriendGraphContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
