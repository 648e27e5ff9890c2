package vn.bcci.postal.retention;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;

import vn.bcci.messaging.jobs.Retention;
import vn.bcci.messaging.jobs.RetentionRules;
import vn.bcci.messaging.jobs.RetentionSettings;
import vn.bcci.postal.shipments.ShipmentStore;

/**
 * What postal-tracking keeps, and for how long (docs/runbook.md, "Retention"): the inbox past the broker's redelivery
 * window, tracking events for {@code retention.tracking-events} (those of items still open stay). The shipment's row
 * stays, but {@code retention.personal-data} after its last event an ended item's sender and receiver keep only their
 * initials and province, and its events lose the receiver's name and VNPost's note (docs/domain.md §8).
 */
public class TrackingRetention {
    private static final String INITIALS = "regexp_replace(trim(%1$s->>'name'), '(\\S)\\S*', '\\1.', 'g')";
    private static final String PARTY = "CASE WHEN %1$s IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object("
            + "'name', " + INITIALS + ", 'province', %1$s->>'province')) END";

    /** One batch of ended items past the cutoff loses its parties' personal data, and its events theirs. */
    static final String ERASE = "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS cutoff), picked AS (SELECT s.item_code "
            + "FROM c, shipment s WHERE s.personal_data_erased_at IS NULL AND s.state IN " + ShipmentStore.TERMINAL
            + " AND s.last_event_at < c.cutoff ORDER BY s.last_event_at LIMIT ? FOR UPDATE SKIP LOCKED), "
            + "events AS (UPDATE tracking_event e SET receiver_name = NULL, note = NULL FROM picked "
            + "WHERE e.item_code = picked.item_code AND (e.receiver_name IS NOT NULL OR e.note IS NOT NULL)) "
            + "UPDATE shipment s SET sender = " + PARTY.formatted("s.sender") + ", receiver = "
            + PARTY.formatted("s.receiver") + ", personal_data_erased_at = now() FROM picked "
            + "WHERE s.item_code = picked.item_code";

    /** The service's rules, with the times of {@code retention.*}. */
    @Produces
    @Singleton
    static RetentionRules of(Config config) {
        return new RetentionRules(config, List.of(// events received before the cutoff, of ended items or of none VNPost ever registered
                new Retention.Rule("tracking_event", config.trackingEvents(),
                        "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS "
                                + "cutoff) DELETE FROM tracking_event WHERE id IN (SELECT e.id FROM c, tracking_event e "
                                + "LEFT JOIN shipment s ON s.item_code = e.item_code WHERE e.received_at < c.cutoff AND "
                                + "(s.item_code IS NULL OR s.state IN " + ShipmentStore.TERMINAL + ") LIMIT ?)"),
                new Retention.Rule("shipment.personal-data", config.personalData(), ERASE)));
    }

    /** {@code retention.*}: when the purge runs, and how long each table keeps its rows. */
    @ConfigMapping(prefix = "retention")
    public interface Config extends RetentionSettings {
        /** How long tracking events are kept (those of items still open stay). */
        Duration trackingEvents();
    }
}
