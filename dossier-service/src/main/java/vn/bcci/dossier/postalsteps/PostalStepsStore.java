package vn.bcci.dossier.postalsteps;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.support.sql.SqlValues;

/**
 * Where postal events wait ({@code waiting_postal_event}: for their dossier, or for their item's predecessor) and how
 * far each item's events are applied ({@code postal_item_progress}). Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class PostalStepsStore {
    /** The columns of a waiting event, in the order {@link #waiting} reads them. */
    private static final String WAITING = "shipment_event_id, data::text, occurred_at, item_sequence";

    /** What {@link #advance} answers: whether events of the item ({@code ?1}) wait for a predecessor. */
    private static final String RETURNING_OTHERS_WAIT = "RETURNING EXISTS (SELECT 1 FROM waiting_postal_event WHERE "
            + "item_code = ?1 AND waits_for = 'PREDECESSOR')";

    /** A waiting event, as taken from {@code waiting_postal_event}. */
    record Waiting(String id, ShipmentEventData data, Instant occurredAt, Integer sequence) {
    }

    /** An item whose events wait for a predecessor, and its dossier. */
    record Item(String itemCode, String dossierCode) {
    }

    @Inject
    EntityManager em;

    void wait(String shipmentEventId, ShipmentEventData data, String waitsFor, String dossierCode) {
        em.createNativeQuery("INSERT INTO waiting_postal_event (shipment_event_id, item_code, occurred_at, data, "
                + "waits_for, item_sequence, dossier_code) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5, ?6, ?7) "
                + "ON CONFLICT DO NOTHING").setParameter(1, shipmentEventId).setParameter(2, data.itemCode())
                .setParameter(3, data.event().occurredAt()).setParameter(4, EventJson.write(data))
                .setParameter(5, waitsFor).setParameter(6, data.itemSequence()).setParameter(7, dossierCode)
                .executeUpdate();
    }

    /** The item's events that waited for their dossier, taken (deleted), in the item's order. */
    List<Waiting> takeWaitingForDossier(String itemCode) {
        return waiting("DELETE FROM waiting_postal_event WHERE item_code = ?1 AND waits_for = 'DOSSIER' RETURNING "
                + WAITING, itemCode);
    }

    /** The item's events that wait for a predecessor, in the item's order (kept). */
    List<Waiting> waitingForPredecessor(String itemCode) {
        return waiting("SELECT " + WAITING + " FROM waiting_postal_event WHERE item_code = ?1 AND "
                + "waits_for = 'PREDECESSOR'", itemCode);
    }

    /** The item's events that wait for a predecessor, taken (deleted), in the item's order. */
    List<Waiting> takeWaitingForPredecessor(String itemCode) {
        return waiting("DELETE FROM waiting_postal_event WHERE item_code = ?1 AND waits_for = 'PREDECESSOR' "
                + "RETURNING " + WAITING, itemCode);
    }

    /** Waiting events applied: no longer waiting. */
    void applied(Collection<String> shipmentEventIds) {
        em.createNativeQuery("DELETE FROM waiting_postal_event WHERE shipment_event_id IN (?1)")
                .setParameter(1, shipmentEventIds).executeUpdate();
    }

    /** Items with events waiting for a predecessor since before {@code before}. */
    @SuppressWarnings("unchecked")
    List<Item> waitingSince(Instant before) {
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT item_code, dossier_code FROM waiting_postal_event "
                + "WHERE waits_for = 'PREDECESSOR' AND created_at < ?1").setParameter(1, before).getResultList();
        return rows.stream().map(r -> new Item((String) r[0], (String) r[1])).toList();
    }

    /** Waiting events read or taken (deleted) by {@code sql} of one parameter, in the item's order. */
    private List<Waiting> waiting(String sql, Object parameter) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, parameter).getResultList();
        return rows.stream().map(r -> new Waiting((String) r[0], EventJson.read((String) r[1],
                ShipmentEventData.class), SqlValues.instant(r[2]), r[3] == null ? null : ((Number) r[3]).intValue()))
                .sorted(Comparator.comparing(Waiting::sequence, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Waiting::occurredAt).thenComparing(Waiting::id))
                .toList();
    }

    /**
     * Records {@code sequence} as the item's last applied event when it is the item's next (its first, or the one
     * after the last applied), in one statement in the usual case; whether events of the item wait for a predecessor,
     * or {@code null} when it is not the next (nothing recorded).
     */
    Boolean advance(String itemCode, int sequence) {
        @SuppressWarnings("unchecked")
        List<Object> moved = em.createNativeQuery("UPDATE postal_item_progress SET applied_seq = ?2, "
                + "updated_at = now() WHERE item_code = ?1 AND applied_seq = ?2 - 1 " + RETURNING_OTHERS_WAIT)
                .setParameter(1, itemCode).setParameter(2, sequence).getResultList();
        if (moved.isEmpty() && sequence == 1) {
            moved = em.createNativeQuery("INSERT INTO postal_item_progress (item_code, applied_seq) VALUES (?1, 1) "
                    + "ON CONFLICT (item_code) DO NOTHING " + RETURNING_OTHERS_WAIT).setParameter(1, itemCode)
                    .getResultList();
        }
        return moved.isEmpty() ? null : (Boolean) moved.get(0);
    }

    int appliedSequence(String itemCode) {
        @SuppressWarnings("unchecked")
        List<Number> found = em.createNativeQuery("SELECT applied_seq FROM postal_item_progress WHERE item_code = ?1")
                .setParameter(1, itemCode).getResultList();
        return found.isEmpty() ? 0 : found.get(0).intValue();
    }

    void setAppliedSequence(String itemCode, int applied) {
        em.createNativeQuery("INSERT INTO postal_item_progress (item_code, applied_seq) VALUES (?1, ?2) "
                + "ON CONFLICT (item_code) DO UPDATE SET applied_seq = GREATEST(postal_item_progress.applied_seq, "
                + "EXCLUDED.applied_seq), updated_at = now()").setParameter(1, itemCode).setParameter(2, applied)
                .executeUpdate();
    }

    int purgeWaiting(Instant before) {
        return em.createNativeQuery("DELETE FROM waiting_postal_event WHERE created_at < ?1").setParameter(1, before)
                .executeUpdate();
    }

    int purgeProgress(Instant before) {
        return em.createNativeQuery("DELETE FROM postal_item_progress WHERE updated_at < ?1")
                .setParameter(1, before).executeUpdate();
    }
}
