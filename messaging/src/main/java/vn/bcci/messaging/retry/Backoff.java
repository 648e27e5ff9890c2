package vn.bcci.messaging.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the wait before attempt {@code n + 1} after {@code n} failures in a row is drawn
 * between half and all of {@code min × 2^(n-1)}, capped at {@code max}, so that many clients failing together do not
 * come back together.
 */
public record Backoff(Duration min, Duration max) {

    public Duration after(int failures) {
        long base = Math.min(max.toMillis(), min.toMillis() << Math.min(Math.max(failures, 1) - 1, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
