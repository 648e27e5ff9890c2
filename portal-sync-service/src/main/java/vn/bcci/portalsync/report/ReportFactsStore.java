package vn.bcci.portalsync.report;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.support.sql.SqlValues;

/**
 * The facts the BCCI report counts ({@link BcciReport}), kept as the events arrive: each dossier's latest channel,
 * status and dates ({@code report_dossier}), and the result's journey by post ({@code report_result_post}).
 */
@ApplicationScoped
public class ReportFactsStore {
    @Inject
    EntityManager em;
    @Inject
    WorkingCalendar calendar;

    /**
     * Takes the lock each report trigger takes on a dossier's code (V14, held to the end of the transaction), for
     * all of {@code codes} at once and in code order, before any of their rows is written. Every writer of a
     * dossier's report facts (the two consumers, the sync worker's acknowledgements) does this first, so their locks
     * are always taken in one order and two of them never wait on each other in a cycle.
     */
    public void lockFacts(java.util.Collection<String> codes) {
        java.util.List<String> sorted = codes.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
        if (!sorted.isEmpty()) {
            em.createNativeQuery("SELECT count(pg_advisory_xact_lock(hashtext('report ' || c))) "
                    + "FROM (SELECT c FROM unnest(string_to_array(?1, ',')) c ORDER BY c) s")
                    .setParameter(1, String.join(",", sorted)).getSingleResult();
        }
    }

    /** What the BCCI report counts of the dossier (docs/domain.md §7): its latest facts, the newest event winning. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dossier(CloudEvent event, DossierEventData data) {
        em.createNativeQuery("INSERT INTO report_dossier (code, agency_code, channel, return_method, status, "
                + "received_at, due_at, finished_at, last_event_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                + "ON CONFLICT (code) DO UPDATE SET agency_code = EXCLUDED.agency_code, channel = EXCLUDED.channel, "
                + "return_method = EXCLUDED.return_method, status = EXCLUDED.status, received_at = "
                + "EXCLUDED.received_at, due_at = EXCLUDED.due_at, finished_at = EXCLUDED.finished_at, "
                + "last_event_time = EXCLUDED.last_event_time WHERE report_dossier.last_event_time <= "
                + "EXCLUDED.last_event_time")
                .setParameter(1, data.code()).setParameter(2, data.agencyCode())
                .setParameter(3, data.channel().name())
                .setParameter(4, data.returnMethod() == null ? null : data.returnMethod().name())
                .setParameter(5, data.status().name())
                .setParameter(6, data.submittedAt() != null ? data.submittedAt() : event.time())
                .setParameter(7, data.dueAt()).setParameter(8, data.finishedAt()).setParameter(9, event.time())
                .executeUpdate();
    }

    /** The result's journey by post, for the report: handed to VNPost, delivered, failed or returned. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resultJourney(ShipmentEventData data) {
        if (data.direction() != Direction.OUTBOUND || data.dossierCode() == null || data.event() == null
                || data.event().canonicalState() == null) {
            return;
        }
        String column = switch (data.event().canonicalState()) {
            case ACCEPTED -> "posted_at";
            case DELIVERED -> "delivered_at";
            case DELIVERY_FAILED, RETURNING, RETURNED -> "failed_at";
            default -> null;
        };
        if (column != null) {
            Object[] leg = earliest(data.dossierCode(), column, data.event().occurredAt(), "posted_at",
                    "delivered_at");
            legTime(data.dossierCode(), "result_working_seconds", leg);
        }
    }

    /**
     * The dossier's inbound item by post, for the index's leg time: collected by VNPost, delivered to the agency (a
     * postal step of the dossier's events, whose owner is dossier-service: docs/decisions/0002).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void intakeStep(String code, DossierEventData.PostalStep step) {
        if (step.direction() != Direction.INBOUND || step.event() == null || step.event().canonicalState() == null) {
            return;
        }
        String column = switch (step.event().canonicalState()) {
            case ACCEPTED -> "intake_collected_at";
            case DELIVERED -> "intake_delivered_at";
            default -> null;
        };
        if (column != null) {
            Object[] leg = earliest(code, column, step.event().occurredAt(), "intake_collected_at",
                    "intake_delivered_at");
            legTime(code, "intake_working_seconds", leg);
        }
    }

    /** Records {@code at} in {@code column} unless an earlier time is there; the leg's two ends as they now stand. */
    private Object[] earliest(String code, String column, Instant at, String from, String to) {
        return (Object[]) em.createNativeQuery("INSERT INTO report_result_post (code, " + column + ") VALUES (?1, ?2) "
                + "ON CONFLICT (code) DO UPDATE SET " + column + " = LEAST(coalesce(report_result_post." + column
                + ", EXCLUDED." + column + "), EXCLUDED." + column + ") RETURNING " + from + ", " + to)
                .setParameter(1, code).setParameter(2, at).getSingleResult();
    }

    /** Once a leg has both ends, its working time (docs/domain.md §6), counted by the index (V19). */
    private void legTime(String code, String column, Object[] leg) {
        Instant from = SqlValues.instant(leg[0]);
        Instant to = SqlValues.instant(leg[1]);
        if (from == null || to == null) {
            return;
        }
        em.createNativeQuery("UPDATE report_result_post SET " + column + " = ?2 WHERE code = ?1 AND " + column
                + " IS DISTINCT FROM ?2").setParameter(1, code).setParameter(2, calendar.workingSeconds(from, to))
                .executeUpdate();
    }
}
