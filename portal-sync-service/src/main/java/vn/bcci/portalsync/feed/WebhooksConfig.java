package vn.bcci.portalsync.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code webhooks.}: how the operators' feed is delivered to subscriptions ({@link WebhookDispatcher}). */
@ConfigMapping(prefix = "webhooks")
public interface WebhooksConfig {
    /** Feed entries per call. */
    @WithDefault("100")
    int batchSize();

    /** Connect and answer timeout of a delivery. */
    @WithDefault("PT10S")
    Duration timeout();

    Backoff backoff();

    /** Failures in a row that, lasting {@link #disableAfter}, disable a subscription until it is recovered. */
    @WithDefault("20")
    int disableAfterFailures();

    @WithDefault("PT24H")
    Duration disableAfter();

    /** How often due subscriptions are looked for when nothing wakes the dispatcher. */
    @WithDefault("PT1S")
    Duration poll();

    /** After a failed delivery: doubles from min to max, with jitter. */
    interface Backoff {
        @WithDefault("PT5S")
        Duration min();

        @WithDefault("PT1H")
        Duration max();
    }
}
