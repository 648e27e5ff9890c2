package vn.bcci.postal.ingestion;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import vn.bcci.support.sql.SqlValues;

/**
 * What ingestion writes: VNPost's events, new ones only ({@code tracking_event}, deduplicated on their key), and which
 * of them were applied to a shipment; and the push receipts that keep a webhook-id to one body. Each method runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class IngestionStore {
    @Inject
    EntityManager em;

    /** The new rows of a batch in one statement; the ids of those inserted, by deduplication key. */
    Map<String, Long> insertNew(Collection<TrackingService.Normalised> rows) {
        Map<String, Long> ids = new HashMap<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tracking_event (item_code, dedup_key, "
                    + "event_id, order_number, status_code, canonical_state, known_code, occurred_at, "
                    + "post_office_code, post_office_name, note, receiver_name) "
                    + "SELECT item, dedup, event_id, order_number, status_code, canonical_state, known::boolean, "
                    + "occurred::timestamptz, office_code, office_name, note, receiver FROM unnest(?::text[], "
                    + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                    + "?::text[], ?::text[], ?::text[]) AS r(item, dedup, event_id, order_number, status_code, "
                    + "canonical_state, known, occurred, office_code, office_name, note, receiver) "
                    + "ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key")) {
                SqlValues.bindColumns(c, ps, rows,
                        List.of(n -> n.raw().itemCode(), TrackingService.Normalised::dedupKey,
                                n -> n.raw().eventId(), TrackingService.Normalised::orderNumber,
                                TrackingService.Normalised::statusCode,
                                n -> n.mapping().state().orElse(null), n -> n.mapping().known(),
                                TrackingService.Normalised::occurredAt,
                                n -> n.raw().postOffice() == null ? null : n.raw().postOffice().code(),
                                n -> n.raw().postOffice() == null ? null : n.raw().postOffice().name(),
                                n -> n.raw().note(), n -> n.raw().receiverName()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(2), rs.getLong(1));
                    }
                }
            }
        });
        return ids;
    }

    /** Events applied to their shipment (the others wait for it as orphans). */
    void markApplied(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c
                    .prepareStatement("UPDATE tracking_event SET applied = TRUE WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
        });
    }

    /** Records a push's body hash under its webhook-id (first use wins); the hash of the body first pushed under it. */
    String receipt(String webhookId, String bodySha256) {
        em.createNativeQuery(
                "INSERT INTO push_receipt (webhook_id, body_sha256) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, webhookId).setParameter(2, bodySha256).executeUpdate();
        return String.valueOf(em.createNativeQuery("SELECT body_sha256 FROM push_receipt WHERE webhook_id = ?1")
                .setParameter(1, webhookId).getSingleResult()).trim();
    }

    /** Push receipts older than {@code seconds}. */
    void purgeReceipts(double seconds) {
        em.createNativeQuery("DELETE FROM push_receipt WHERE received_at < now() - make_interval(secs => ?1)")
                .setParameter(1, seconds).executeUpdate();
    }
}
