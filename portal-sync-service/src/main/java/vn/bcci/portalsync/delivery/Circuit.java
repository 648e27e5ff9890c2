package vn.bcci.portalsync.delivery;

import java.time.Duration;

import vn.bcci.messaging.Backoff;

/**
 * How long the sync worker waits after {@code failures} failed rounds in a row: backing off exponentially (with
 * jitter) until {@code openAfter} of them open the circuit; from then on it tries again every {@code openFor}, however
 * long the portal has been away, so its return is noticed within that. (The backoff once went on doubling past the
 * circuit's window, to 51 s after a 60 s outage, and the whole system then converged 45 s after the portal's last
 * fault instead of 10 to 15.) A {@code Retry-After} the portal sends is honoured when it asks for longer.
 */
record Circuit(Backoff backoff, int openAfter, Duration openFor) {

    boolean open(int failures) {
        return failures >= openAfter;
    }

    Duration waitAfter(int failures, Duration retryAfter) {
        if (open(failures)) {
            return retryAfter != null && retryAfter.compareTo(openFor) > 0 ? retryAfter : openFor;
        }
        return retryAfter != null ? retryAfter : backoff.after(failures);
    }
}
