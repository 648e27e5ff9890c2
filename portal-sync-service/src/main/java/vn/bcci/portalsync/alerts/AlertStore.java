package vn.bcci.portalsync.alerts;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.portalsync.report.BcciReport;

/**
 * The alerts' statements: each kind's rule as the query that finds it ({@link Alerts} says the rules in words), counted
 * or listed; the shipment alerts' rows; the due-soon watch's batch. Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class AlertStore {
    @Inject
    EntityManager em;

    /**
     * Columns: dossier, agency, item, since, detail; parameters :now, :horizon (due soon), :agency (only when
     * {@code oneAgency}: a condition written only when it applies keeps each plan on its index, whatever plan
     * PostgreSQL caches).
     */
    private static String source(Alerts.Kind kind, boolean oneAgency) {
        String agency = oneAgency ? "%s = :agency" : "TRUE";
        return switch (kind) {
            case DUE_SOON -> "SELECT r.code, r.agency_code, NULL, r.due_at, r.status FROM report_dossier r WHERE "
                    + "r.finished_at IS NULL AND " + BcciReport.CLOCK_RUNNING
                    + " AND r.due_at > :now AND r.due_at <= :horizon "
                    + "AND " + agency.formatted("r.agency_code") + " ORDER BY r.due_at";
            case OVERDUE -> "SELECT r.code, r.agency_code, NULL, r.due_at, r.status FROM report_dossier r WHERE "
                    + "r.finished_at IS NULL AND " + BcciReport.CLOCK_RUNNING + " AND r.due_at <= :now AND "
                    + agency.formatted("r.agency_code") + " ORDER BY r.due_at";
            case STALLED_SHIPMENT -> "SELECT a.dossier_code, a.agency_code, a.item_code, coalesce(a.overdue_since, "
                    + "a.stalled_since), a.direction || ' ' || coalesce(a.state, '') || CASE WHEN a.overdue_since IS "
                    + "NOT NULL THEN ' OVERDUE' ELSE '' END || CASE WHEN a.stalled_since IS NOT NULL THEN ' STALLED' "
                    + "ELSE '' END FROM shipment_alert a WHERE a.cleared_at IS NULL AND "
                    + agency.formatted("a.agency_code") + " ORDER BY a.flagged_at";
            // from the few failed deliveries (their partial index) to each one's dossier by its key: joined by hash,
            // one agency's count read all of the agency's report_dossier rows (11,270 pages, 22 ms warm, 1.4 s cold,
            // with a million dossiers loaded), as PostgreSQL guessed 4,631 failures where there were 109
            case FAILED_DELIVERY ->
                "SELECT m.code, r.agency_code, NULL, m.failed_at, r.status FROM report_result_post m "
                        + "CROSS JOIN LATERAL (SELECT d.agency_code, d.status FROM report_dossier d WHERE d.code = m.code "
                        + "OFFSET 0) r WHERE m.failed_at IS NOT NULL AND (m.delivered_at IS NULL OR m.delivered_at < "
                        + "m.failed_at) AND " + agency.formatted("r.agency_code") + " ORDER BY m.failed_at";
            case PARKED -> "SELECT d.code, d.agency_code, NULL, d.changed_at, d.last_answer FROM portal_dossier d "
                    + "WHERE d.sync_state = 'PARKED' AND " + agency.formatted("d.agency_code")
                    + " ORDER BY d.changed_at";
            case DISABLED_WEBHOOK -> "SELECT NULL, w.agency_code, NULL, coalesce(w.failing_since, w.created_at), "
                    + "'#' || w.id || ' ' || w.url || ': ' || coalesce(w.disabled_reason, '') FROM webhook_subscription "
                    + "w WHERE w.state = 'DISABLED' AND " + agency.formatted("w.agency_code") + " ORDER BY w.id";
            case RECONCILIATION_DRIFT -> "SELECT x.dossier_code, x.agency_code, NULL, x.found_at, x.kind || "
                    + "coalesce(': ' || x.detail, '') FROM reconciliation_drift x WHERE x.repaired_at IS NULL AND "
                    + agency.formatted("x.agency_code") + " ORDER BY x.found_at";
            case CLIENT_LIMITED -> "SELECT NULL, l.agency_code, NULL, min(l.from_at), l.client || ' at ' || l.service "
                    + "|| ' ' || l.door || ': ' || sum(l.limited) || ' refused, ' || sum(l.allowed) || ' taken' FROM "
                    + "client_limit l WHERE l.to_at > CAST(:now AS TIMESTAMPTZ) - INTERVAL '" + LIMITED_WITHIN
                    + " minutes' AND " + agency.formatted("l.agency_code")
                    + " GROUP BY l.client, l.agency_code, l.service, l.door ORDER BY min(l.from_at)";
        };
    }

    /** A client refused in the last this many minutes is listed as {@code CLIENT_LIMITED}. */
    static final int LIMITED_WITHIN = 15;

    /** One instance's report of a client it refused ({@code platform.client-limits.v1}). */
    void clientLimited(vn.bcci.contracts.payload.ClientLimitedData d) {
        em.createNativeQuery("INSERT INTO client_limit (service, client, agency_code, door, limited, allowed, from_at, "
                + "to_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)").setParameter(1, d.service())
                .setParameter(2, d.client()).setParameter(3, d.agencyCode()).setParameter(4, d.door())
                .setParameter(5, d.limited()).setParameter(6, d.allowed()).setParameter(7, d.from())
                .setParameter(8, d.to()).executeUpdate();
    }

    /** How many alerts of {@code kind} (of one agency, or all when {@code agency} is {@code null}). */
    long count(Alerts.Kind kind, String agency, Instant now, Instant horizon) {
        String sql = source(kind, agency != null);
        Query q = em.createNativeQuery("SELECT count(*) FROM (" + sql.substring(0, sql.lastIndexOf(" ORDER BY "))
                + ") x");
        return ((Number) bind(q, agency, now, horizon).getSingleResult()).longValue();
    }

    /** The alerts of {@code kind}: dossier, agency, item, since, detail; oldest (or soonest due) first. */
    @SuppressWarnings("unchecked")
    List<Object[]> list(Alerts.Kind kind, String agency, Instant now, Instant horizon, int limit) {
        return bind(em.createNativeQuery(source(kind, agency != null) + " LIMIT " + limit), agency, now, horizon)
                .getResultList();
    }

    private static Query bind(Query q, String agency, Instant now, Instant horizon) {
        if (agency != null) {
            q.setParameter("agency", agency);
        }
        if (q.getParameters().stream().anyMatch(p -> "now".equals(p.getName()))) {
            q.setParameter("now", now);
        }
        if (q.getParameters().stream().anyMatch(p -> "horizon".equals(p.getName()))) {
            q.setParameter("horizon", horizon);
        }
        return q;
    }

    // ---- shipment alerts --------------------------------------------------------------------------------------------

    /** Opens (or refreshes) the item's alert; whether it was open before. */
    boolean flagShipment(ShipmentEventData data, Instant at) {
        @SuppressWarnings("unchecked")
        List<Object> open = em.createNativeQuery("SELECT cleared_at IS NULL FROM shipment_alert WHERE item_code = ?1 "
                + "FOR UPDATE").setParameter(1, data.itemCode()).getResultList();
        em.createNativeQuery("INSERT INTO shipment_alert (item_code, dossier_code, agency_code, direction, state, "
                + "stalled_since, overdue_since, flagged_at, last_event_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                + "?8) ON CONFLICT (item_code) DO UPDATE SET dossier_code = coalesce(EXCLUDED.dossier_code, "
                + "shipment_alert.dossier_code), agency_code = coalesce(EXCLUDED.agency_code, "
                + "shipment_alert.agency_code), state = EXCLUDED.state, stalled_since = EXCLUDED.stalled_since, "
                + "overdue_since = EXCLUDED.overdue_since, last_event_time = EXCLUDED.last_event_time, flagged_at = "
                + "CASE WHEN shipment_alert.cleared_at IS NULL THEN shipment_alert.flagged_at ELSE EXCLUDED.flagged_at "
                + "END, cleared_at = NULL WHERE shipment_alert.last_event_time <= EXCLUDED.last_event_time")
                .setParameter(1, data.itemCode()).setParameter(2, data.dossierCode())
                .setParameter(3, data.agencyCode()).setParameter(4, String.valueOf(data.direction()))
                .setParameter(5, data.state() == null ? null : data.state().name())
                .setParameter(6, data.stalledSince()).setParameter(7, data.overdueSince()).setParameter(8, at)
                .executeUpdate();
        return !open.isEmpty() && Boolean.TRUE.equals(open.get(0));
    }

    /** A later event of the item: its alert follows it, and ends when {@code over}. */
    void shipmentMoved(ShipmentEventData data, Instant at, boolean over) {
        em.createNativeQuery("UPDATE shipment_alert SET state = ?2, stalled_since = ?3, overdue_since = ?4, "
                + "last_event_time = ?5, cleared_at = CASE WHEN CAST(?6 AS BOOLEAN) THEN CAST(?5 AS TIMESTAMPTZ) END WHERE item_code = ?1 AND cleared_at IS "
                + "NULL AND last_event_time <= ?5").setParameter(1, data.itemCode())
                .setParameter(2, data.state() == null ? null : data.state().name())
                .setParameter(3, data.stalledSince()).setParameter(4, data.overdueSince()).setParameter(5, at)
                .setParameter(6, over).executeUpdate();
    }

    // ---- due soon ---------------------------------------------------------------------------------------------------

    /** Marks up to {@code batch} dossiers newly due within the horizon; code, agency, due time of each. */
    @SuppressWarnings("unchecked")
    List<Object[]> markDueSoon(Instant now, Instant horizon, int batch) {
        return em.createNativeQuery("UPDATE report_dossier r SET due_soon_for = r.due_at FROM ("
                + "SELECT code FROM report_dossier r WHERE r.finished_at IS NULL AND " + BcciReport.CLOCK_RUNNING
                + " AND r.due_at > ?1 AND r.due_at <= ?2 AND r.due_soon_for IS DISTINCT FROM r.due_at "
                + "ORDER BY r.due_at LIMIT " + batch + " FOR UPDATE SKIP LOCKED) d WHERE r.code = d.code "
                + "RETURNING r.code, r.agency_code, r.due_at")
                .setParameter(1, now).setParameter(2, horizon).getResultList();
    }
}
