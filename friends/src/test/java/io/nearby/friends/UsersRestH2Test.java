package io.nearby.friends;

/** {@link UsersRestContract} on H2 in memory (in-process server tier). */
class UsersRestH2Test extends UsersRestContract {
    @Override
    DbSettings newDatabase() {
        return TestDatabases.h2Memory();
    }
}
