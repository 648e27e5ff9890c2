package vn.bcci.messaging.outbox;

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

    /**
     * Attempts at a row the broker refuses for its own sake (too large, not allowed on its topic) before it is set
     * aside as dead for an operator; an outage of the broker counts no attempt.
     */
    @WithDefault("10")
    int maxAttempts();

    /**
     * The largest event the relay sends (key, value and headers); a larger one is refused before it is sent, and set
     * aside as dead after its attempts. The broker's {@code message.max.bytes} must be at least this.
     */
    @WithDefault("1000000")
    int maxRecordBytes();

    /** Lanes a relayer takes per round (of 16): the rest are left to other relayers meanwhile. */
    @WithDefault("4")
    int lanesPerRound();

    /** The wait before a refused row's next attempt, doubling from {@code min} to {@code max}. */
    RowBackoff rowBackoff();

    interface RowBackoff {
        @WithDefault("PT1S")
        Duration min();

        @WithDefault("PT5M")
        Duration max();
    }
}
