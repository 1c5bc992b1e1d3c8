package io.nearby.friends;

/** {@link FriendsRestContract} on H2 in memory (in-process server tier). */
class FriendsRestH2Test extends FriendsRestContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2Memory();
    }
}
