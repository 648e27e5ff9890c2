package vn.bcci.portalsync.delivery;

import java.time.Duration;

/**
 * The portal could not answer this time (5xx, timeout, {@code 429}, {@code error_code 9}): nothing is known about
 * whether the call took effect. Back off and repeat.
 */
public class PortalUnavailable extends Exception {
    private final Duration retryAfter;

    public PortalUnavailable(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** What the portal asked for ({@code Retry-After}), or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
