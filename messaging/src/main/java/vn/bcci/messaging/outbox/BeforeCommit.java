package vn.bcci.messaging.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Rows a transaction writes together just before it commits: callers add to the transaction's list as they go, and
 * {@code write} gets the whole list once, in the transaction, on its own connection, so that a consumer's poll of many
 * events costs one statement or one round trip per table instead of one per event. A failure to write fails the
 * commit, so the change is never kept without its rows. The outbox ({@link Outbox}) and portal-sync's feed use it.
 */
public final class BeforeCommit {
    private BeforeCommit() {
    }

    /**
     * The current transaction's list under {@code key}; the first call in a transaction arranges for {@code write} to
     * get it before commit (not when the transaction is rolled back).
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> rows(TransactionSynchronizationRegistry transactions, Object key,
            Consumer<List<T>> write) {
        List<T> rows = (List<T>) transactions.getResource(key);
        if (rows != null) {
            return rows;
        }
        List<T> created = new ArrayList<>();
        transactions.putResource(key, created);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (!created.isEmpty() && !transactions.getRollbackOnly()) {
                    write.accept(created);
                }
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
        return created;
    }
}
