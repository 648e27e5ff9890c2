package vn.bcci.portalsync.delivery;

import java.time.Duration;

import vn.bcci.messaging.retry.Backoff;

/**
 * The sync worker's circuit to the portal, one per worker (its loop is the only caller). Rounds that fail without a
 * single answer back off exponentially (with jitter) until {@code openAfter} of them in a row open the circuit; from
 * then on it tries again every {@code openFor}, however long the portal has been away, so its return is noticed within
 * that. (The backoff once went on doubling past the circuit's window, to 51 s after a 60 s outage, and the whole system
 * then converged 45 s after the portal's last fault instead of 10 to 15.) A round that got any answer before it failed
 * closes the circuit: the portal is there, only some of its calls fail. A {@code Retry-After} the portal sends is
 * honoured when it asks for longer.
 */
final class Circuit {
    private final Backoff backoff;
    private final int openAfter;
    private final Duration openFor;
    private int failures;
    private volatile boolean open;

    Circuit(Backoff backoff, int openAfter, Duration openFor) {
        this.backoff = backoff;
        this.openAfter = openAfter;
        this.openFor = openFor;
    }

    /** A round went through: the failed rounds before it, now forgotten. */
    int succeeded() {
        int before = failures;
        failures = 0;
        open = false;
        return before;
    }

    /**
     * A round failed (after {@code answered} answers): how long to wait before the next. {@link #open()} says
     * afterwards whether that made the circuit open.
     */
    Duration failed(int answered, Duration retryAfter) {
        failures = answered > 0 ? 1 : failures + 1;
        open = failures >= openAfter;
        if (open) {
            return retryAfter != null && retryAfter.compareTo(openFor) > 0 ? retryAfter : openFor;
        }
        return retryAfter != null ? retryAfter : backoff.after(failures);
    }

    boolean open() {
        return open;
    }

    int failures() {
        return failures;
    }

    Duration openFor() {
        return openFor;
    }
}
