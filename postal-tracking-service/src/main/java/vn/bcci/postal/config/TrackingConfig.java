package vn.bcci.postal.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code tracking.} (environment {@code TRACKING_…}): VNPost's doors, delivery targets, the watch. */
@ConfigMapping(prefix = "tracking")
public interface TrackingConfig {
    /** How far in the future an event's time may be (VNPost's clocks drift), else it is rejected. */
    @WithDefault("PT5M")
    Duration futureSkew();

    /** An undelivered item with no event for this long is flagged stalled. */
    @WithDefault("PT48H")
    Duration stallAfter();

    Webhook webhook();

    DeliveryTarget deliveryTarget();

    Watch watch();

    /** VNPost's signed pushes (the Standard Webhooks scheme). */
    interface Webhook {
        /** {@code required} (the default: the service does not start without a secret) or {@code off}. */
        @WithDefault("required")
        String signing();

        /** {@code whsec_<base64>}; an empty value is none. */
        Optional<String> secret();

        /** How old a push's timestamp may be, and how long a webhook-id is remembered (twice that). */
        @WithDefault("PT5M")
        Duration tolerance();
    }

    /** Working days from acceptance to delivery, per leg and distance (docs/domain.md §5). */
    interface DeliveryTarget {
        Leg inbound();

        Leg outbound();

        interface Leg {
            @WithDefault("2")
            int sameProvince();

            @WithDefault("4")
            int otherProvince();
        }
    }

    /** How often the stalled and overdue watch runs (scheduler expressions, read as {@code ${tracking.watch.…}}). */
    interface Watch {
        @WithDefault("60s")
        String every();

        @WithDefault("30s")
        String delay();
    }
}
