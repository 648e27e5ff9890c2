package vn.bcci.messaging.retry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.InvalidEventException;

class TransientFailuresTest {
    @Test
    void infrastructureFailuresAreTransientWhereverTheyAreInTheCauseChain() {
        assertTrue(TransientFailures.isTransient(new RuntimeException(new SQLException("refused", "08001"))));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("commit failed",
                new RuntimeException(new SQLException("deadlock detected", "40P01")))));
        assertTrue(TransientFailures.isTransient(new SQLException("could not serialize", "40001")));
        assertTrue(TransientFailures.isTransient(new SQLException("terminating connection", "57P01")));
        assertTrue(TransientFailures.isTransient(new SQLTransientConnectionException("gone")));
        // Agroal's words when every connection stayed taken past the pool's wait (PoolExhaustedTest: was a 500)
        assertTrue(TransientFailures.isTransient(new RuntimeException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(TransientFailures.isTransient(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection"))));
    }

    @Test
    void aCommitLostWithTheDatabaseIsTransientThoughItsConnectionErrorIsOnlySuppressed() {
        // what Narayana throws when the database goes away at commit: the I/O error is a suppressed exception of the
        // RollbackException, wrapped by the interceptor (found by OutageTest: answered 500 instead of 503)
        Exception commit = new Exception("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertTrue(TransientFailures.isTransient(new RuntimeException("Error invoking subclass method", commit)));
        Exception poison = new Exception("Could not commit transaction.");
        poison.addSuppressed(new SQLException("duplicate key", "23505"));
        assertFalse(TransientFailures.isTransient(new RuntimeException(poison)));
        RuntimeException loop = new RuntimeException("a cause cycle");
        Exception other = new Exception(loop);
        loop.addSuppressed(other);
        assertFalse(TransientFailures.isTransient(loop), "a cycle of causes and suppressed ends");
    }

    @Test
    void theEventsOrTheCodesFailuresAreNot() {
        assertFalse(TransientFailures.isTransient(new InvalidEventException("not a CloudEvent")));
        assertFalse(TransientFailures.isTransient(new SQLException("value too long", "22001")));
        assertFalse(TransientFailures.isTransient(new SQLException("duplicate key", "23505")));
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
    }
}
