package vn.bcci.messaging.retry;

/**
 * A failure of our own machinery that passes when what it waits for comes back (a dead-letter topic unreachable, the
 * database not migrated yet): {@link TransientFailures} retries it like a database or broker outage.
 */
public class TransientCondition extends RuntimeException {
    public TransientCondition(String message, Throwable cause) {
        super(message, cause);
    }
}
