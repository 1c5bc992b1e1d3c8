package io.nearby.friends;

/** {@link FriendGraphContract} on H2 in memory (unit tier). */
class FriendGraphH2Test extends FriendGraphContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2Memory();
    }
}
