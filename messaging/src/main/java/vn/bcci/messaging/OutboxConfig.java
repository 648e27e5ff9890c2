package vn.bcci.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code messaging.outbox.}: how the relay publishes ({@link OutboxRelay}). */
@ConfigMapping(prefix = "messaging.outbox")
public interface OutboxConfig {
    /** Rows claimed and published per round. */
    @WithDefault("500")
    int batchSize();

    /** How often the relay looks when no commit woke it. */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** How long sent rows are kept before they are purged. */
    @WithDefault("PT24H")
    Duration retention();

    /** Off: this process publishes nothing (its rows wait for another). */
    @WithDefault("true")
    boolean relayEnabled();
}
