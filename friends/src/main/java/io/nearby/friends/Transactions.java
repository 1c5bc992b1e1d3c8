package io.nearby.friends;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import java.util.function.Function;

/** Runs work in one DB transaction: committed when the work returns, rolled back when it throws. */
final class Transactions {
    private Transactions() {
    }

    static <T> T inTransaction(DbClient db, Function<DbTransaction, T> work) {
        DbTransaction tx = db.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        tx.commit();
        return result;
    }
}
