package vn.bcci.support.quota;

import vn.bcci.support.problem.Problem;

/**
 * A client's quota is spent (its budget at a door, or its open streams): answered 429 problem+json with
 * {@code Retry-After}, and the RateLimit headers where a door's budget was charged.
 */
public class QuotaExceeded extends RuntimeException {
    private final long retryAfterSeconds;

    public QuotaExceeded(String why, long retryAfterSeconds) {
        super(why, null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The answer: {@code 429} problem+json naming what was spent ({@link QuotaFilter}, and the documents' example). */
    public Problem toProblem(String instance) {
        return new Problem("about:blank", "Too Many Requests", 429, getMessage(), instance, null, null);
    }
}
