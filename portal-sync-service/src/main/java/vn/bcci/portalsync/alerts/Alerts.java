package vn.bcci.portalsync.alerts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import vn.bcci.portalsync.report.BcciReport;
import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Masking;

/**
 * What operators must act on before it becomes a breach, each kind a count and a list with a link to its dossier. The
 * rules, in one place:
 * <ul>
 * <li>{@code DUE_SOON}: the clock runs ({@link BcciReport#CLOCK_RUNNING}), not finished, due after now and within one
 * working day ({@link DueSoonWatch#horizon});</li>
 * <li>{@code OVERDUE}: the clock runs, not finished, due date passed (docs/domain.md §6);</li>
 * <li>{@code STALLED_SHIPMENT}: an item VNPost's watch flagged, not cleared by a later event ({@link ShipmentAlerts});</li>
 * <li>{@code FAILED_DELIVERY}: the result's delivery by post failed or went back, and no delivery since;</li>
 * <li>{@code PARKED}: the portal refused the dossier (answer 2) and it waits for an operator;</li>
 * <li>{@code DISABLED_WEBHOOK}: a subscription disabled after failing too long, or answered 410;</li>
 * <li>{@code RECONCILIATION_DRIFT}: drift a reconciliation found whose repair the portal has not acknowledged yet
 * (what acknowledges each kind: portal-sync's V16 migration, which keeps {@code repaired_at}).</li>
 * </ul>
 */
@ApplicationScoped
public class Alerts {
    public enum Kind {
        DUE_SOON,
        OVERDUE,
        STALLED_SHIPMENT,
        FAILED_DELIVERY,
        PARKED,
        DISABLED_WEBHOOK,
        RECONCILIATION_DRIFT
    }

    /**
     * One alert. {@code dossierCode} links to the dossier (absent for a webhook subscription); {@code since} is when
     * it began or is due; {@code detail} carries no personal data unmasked.
     */
    public record Alert(Kind kind, String dossierCode, String agencyCode, String itemCode, Instant since,
            String detail) {
    }

    public record Summary(Instant asOf, Instant dueSoonHorizon, Map<Kind, Long> counts) {
    }

    /**
     * Columns: dossier, agency, item, since, detail; parameters :now, :horizon (due soon), :agency (only when
     * {@code oneAgency}: a condition written only when it applies keeps each plan on its index, whatever plan
     * PostgreSQL caches).
     */
    private static String source(Kind kind, boolean oneAgency) {
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
            case FAILED_DELIVERY ->
                "SELECT m.code, r.agency_code, NULL, m.failed_at, r.status FROM report_result_post m "
                        + "JOIN report_dossier r ON r.code = m.code WHERE m.failed_at IS NOT NULL AND (m.delivered_at IS "
                        + "NULL OR m.delivered_at < m.failed_at) AND " + agency.formatted("r.agency_code")
                        + " ORDER BY m.failed_at";
            case PARKED -> "SELECT d.code, d.agency_code, NULL, d.changed_at, d.last_answer FROM portal_dossier d "
                    + "WHERE d.sync_state = 'PARKED' AND " + agency.formatted("d.agency_code")
                    + " ORDER BY d.changed_at";
            case DISABLED_WEBHOOK -> "SELECT NULL, w.agency_code, NULL, coalesce(w.failing_since, w.created_at), "
                    + "'#' || w.id || ' ' || w.url || ': ' || coalesce(w.disabled_reason, '') FROM webhook_subscription "
                    + "w WHERE w.state = 'DISABLED' AND " + agency.formatted("w.agency_code") + " ORDER BY w.id";
            case RECONCILIATION_DRIFT -> "SELECT x.dossier_code, x.agency_code, NULL, x.found_at, x.kind || "
                    + "coalesce(': ' || x.detail, '') FROM reconciliation_drift x WHERE x.repaired_at IS NULL AND "
                    + agency.formatted("x.agency_code") + " ORDER BY x.found_at";
        };
    }

    private final EntityManager em;
    private final DueSoonWatch dueSoon;

    public Alerts(EntityManager em, DueSoonWatch dueSoon) {
        this.em = em;
        this.dueSoon = dueSoon;
    }

    /** How many of each kind, for one agency ({@code null}: all). */
    @Transactional
    public Summary summary(String agency, Instant now) {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            String sql = source(kind, agency != null);
            Query q = em.createNativeQuery("SELECT count(*) FROM (" + sql.substring(0, sql.lastIndexOf(" ORDER BY "))
                    + ") x");
            counts.put(kind, ((Number) bind(q, agency, now).getSingleResult()).longValue());
        }
        return new Summary(now, dueSoon.horizon(now), counts);
    }

    /** The alerts of one kind, oldest (or soonest due) first, at most {@code limit}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Alert> list(Kind kind, String agency, Instant now, int limit) {
        List<Object[]> rows = bind(em.createNativeQuery(source(kind, agency != null) + " LIMIT " + limit), agency, now)
                .getResultList();
        return rows.stream().map(r -> new Alert(kind, (String) r[0], (String) r[1], (String) r[2],
                SqlValues.instant(r[3]), r[4] == null ? null : Masking.text(String.valueOf(r[4])))).toList();
    }

    private Query bind(Query q, String agency, Instant now) {
        if (agency != null) {
            q.setParameter("agency", agency);
        }
        if (q.getParameters().stream().anyMatch(p -> "now".equals(p.getName()))) {
            q.setParameter("now", now);
        }
        if (q.getParameters().stream().anyMatch(p -> "horizon".equals(p.getName()))) {
            q.setParameter("horizon", dueSoon.horizon(now));
        }
        return q;
    }
}
