package vn.bcci.portalsync.portal;

import java.time.Duration;

/**
 * The portal could not answer this time (5xx, timeout, {@code 429}, {@code error_code 9}): nothing is known about
 * whether the call took effect. Back off and repeat.
 */
public class PortalUnavailable extends Exception {
    private final Duration retryAfter;
    private final boolean paced;

    public PortalUnavailable(String message, Duration retryAfter) {
        this(message, retryAfter, false);
    }

    private PortalUnavailable(String message, Duration retryAfter, boolean paced) {
        super(message);
        this.retryAfter = retryAfter;
        this.paced = paced;
    }

    /** Not the portal's failure: our own budget of its rate has no slot soon enough ({@link PortalPace}). */
    static PortalUnavailable paced(Duration wait) {
        return new PortalUnavailable("the portal's rate: the next call slot is " + wait.toMillis() + " ms away", wait,
                true);
    }

    /** Whether this is our own pacing, which must not count as a failure of the portal. */
    public boolean paced() {
        return paced;
    }

    /** What the portal asked for ({@code Retry-After}), or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
