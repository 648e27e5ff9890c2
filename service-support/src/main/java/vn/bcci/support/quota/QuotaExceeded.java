package vn.bcci.support.quota;

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
}
