package vn.bcci.portalsync.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.portalsync.reconciliation.ReconciliationRun.Drift;
import vn.bcci.portalsync.reconciliation.ReconciliationRun.Mode;
import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Texts;

/**
 * The reconciliation's data access, every statement of it in one place: runs queued and claimed under a lease (so one
 * instance works a run at a time, and another resumes it at its cursor when the first dies), the dossiers a run
 * compares, and the drift it records and repairs. Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class ReconciliationStore {
    /** How long a claimed run is held when its holder stops renewing it. */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final String RUN_COLUMNS = "id, mode, sample_share, agency_code, requested_by, state, total, "
            + "checked, missing, stale_status, missing_entries, repaired, last_error, created_at, started_at, "
            + "finished_at";

    @Inject
    EntityManager em;

    /** A run claimed to work on, with where it stopped. */
    record Claimed(long id, String mode, Double share, String agency, String cursor) {
    }

    /** A dossier as we believe the portal holds it. */
    record Believed(String code, String agency, String record) {
    }

    /** A progress entry we believe the portal shows. */
    record SentEntry(long id, Instant at, String content, String handler) {
    }

    // ---- runs ---------------------------------------------------------------------------------------------------

    /** The run queued or running for this scope ({@code null}: all agencies), if any. */
    @SuppressWarnings("unchecked")
    Long openRun(String agency) {
        List<Number> open = em.createNativeQuery("SELECT id FROM reconciliation WHERE state IN ('QUEUED', 'RUNNING') "
                + "AND agency_code IS NOT DISTINCT FROM ?1 ORDER BY id LIMIT 1").setParameter(1, agency)
                .getResultList();
        return open.isEmpty() ? null : open.get(0).longValue();
    }

    long queue(Mode mode, Double share, String agency, String requestedBy) {
        return ((Number) em.createNativeQuery("INSERT INTO reconciliation (mode, sample_share, agency_code, "
                + "requested_by) VALUES (?1, ?2, ?3, ?4) RETURNING id").setParameter(1, mode.name())
                .setParameter(2, mode == Mode.FULL ? null : share).setParameter(3, agency)
                .setParameter(4, requestedBy).getSingleResult()).longValue();
    }

    /** One run with its drift (the first 200 found), or {@code null}. */
    @SuppressWarnings("unchecked")
    ReconciliationRun find(long id) {
        List<Object[]> rows = em.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM reconciliation WHERE id = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        List<Drift> drift = ((List<Object[]>) em.createNativeQuery("SELECT dossier_code, kind, detail, found_at "
                + "FROM reconciliation_drift WHERE reconciliation_id = ?1 ORDER BY found_at, dossier_code LIMIT 200")
                .setParameter(1, id).getResultList()).stream()
                .map(d -> new Drift((String) d[0], (String) d[1], (String) d[2], SqlValues.instant(d[3])))
                .toList();
        return run(rows.get(0), drift);
    }

    /** Runs, newest first, without their drift lists. */
    @SuppressWarnings("unchecked")
    List<ReconciliationRun> recent(int limit) {
        return ((List<Object[]>) em.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM reconciliation "
                + "ORDER BY id DESC LIMIT ?1").setParameter(1, limit).getResultList()).stream()
                .map(r -> run(r, List.of())).toList();
    }

    private static ReconciliationRun run(Object[] r, List<Drift> drift) {
        return new ReconciliationRun(((Number) r[0]).longValue(), (String) r[1],
                r[2] == null ? null : ((Number) r[2]).doubleValue(),
                (String) r[3], (String) r[4], (String) r[5], ((Number) r[6]).intValue(), ((Number) r[7]).intValue(),
                ((Number) r[8]).intValue(), ((Number) r[9]).intValue(), ((Number) r[10]).intValue(),
                ((Number) r[11]).intValue(), (String) r[12], SqlValues.instant(r[13]),
                SqlValues.instant(r[14]), SqlValues.instant(r[15]), drift);
    }

    /** The oldest run queued, or running but no longer leased, leased to the caller; {@code null} when none. */
    @SuppressWarnings("unchecked")
    Claimed claim() {
        List<Object[]> rows = em.createNativeQuery("UPDATE reconciliation r SET lease_until = ?1, state = 'RUNNING', "
                + "started_at = coalesce(started_at, now()) FROM (SELECT id FROM reconciliation WHERE state IN "
                + "('QUEUED', 'RUNNING') AND (lease_until IS NULL OR lease_until < now()) ORDER BY id LIMIT 1 "
                + "FOR UPDATE SKIP LOCKED) c WHERE r.id = c.id RETURNING r.id, r.mode, r.sample_share, r.agency_code, "
                + "r.cursor, r.total").setParameter(1, Instant.now().plus(LEASE)).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Claimed(((Number) r[0]).longValue(), (String) r[1],
                r[2] == null ? null : ((Number) r[2]).doubleValue(), (String) r[3], (String) r[4]);
    }

    /** Counts and records how many dossiers a starting run will compare. */
    int countTotal(Claimed run) {
        int total = ((Number) em.createNativeQuery("SELECT count(*) FROM portal_dossier WHERE " + scope(run))
                .setParameter(1, run.agency()).getSingleResult()).intValue();
        em.createNativeQuery("UPDATE reconciliation SET total = ?2 WHERE id = ?1").setParameter(1, run.id())
                .setParameter(2, total).executeUpdate();
        return total;
    }

    /** The next dossiers of the run after {@code after}, in code order. */
    @SuppressWarnings("unchecked")
    List<Believed> page(Claimed run, String after, int limit) {
        return ((List<Object[]>) em.createNativeQuery("SELECT code, agency_code, record::text FROM portal_dossier "
                + "WHERE " + scope(run) + " AND code > ?2 ORDER BY code LIMIT ?3").setParameter(1, run.agency())
                .setParameter(2, after).setParameter(3, limit).getResultList()).stream()
                .map(r -> new Believed((String) r[0], (String) r[1], (String) r[2])).toList();
    }

    /**
     * Dossiers the portal is believed to hold as we last sent them; a sample is a stable pseudo-random share of them
     * (the same for the whole run, so a resumed run keeps its sample).
     */
    private static String scope(Claimed run) {
        String sample = run.share() == null
                ? ""
                : " AND (abs(hashtext(code || ':' || " + run.id() + ")) % 10000) < " + Math.round(run.share() * 10000);
        // typed: a null agency (every agency) is bound without a type, which PostgreSQL cannot infer from IS NULL
        return "portal_holds AND sync_state = 'SYNCED' AND (CAST(?1 AS text) IS NULL OR agency_code = CAST(?1 AS text))"
                + sample;
    }

    /** The portal could not be asked: the run keeps its lease through the wait. */
    void portalUnavailable(long runId, String why, Duration wait) {
        em.createNativeQuery("UPDATE reconciliation SET last_error = ?2, lease_until = ?3 WHERE id = ?1")
                .setParameter(1, runId).setParameter(2, Texts.truncate(why, 500))
                .setParameter(3, Instant.now().plus(LEASE).plus(wait)).executeUpdate();
    }

    /** One dossier compared: the cursor moves past it, its drift counted, the lease renewed. */
    void checked(long runId, String code, boolean missing, boolean staleStatus, boolean missingEntries) {
        em.createNativeQuery("UPDATE reconciliation SET checked = checked + 1, cursor = ?2, last_error = NULL, "
                + "missing = missing + ?3, stale_status = stale_status + ?4, missing_entries = missing_entries + ?5, "
                + "repaired = repaired + ?6, lease_until = ?7 WHERE id = ?1").setParameter(1, runId)
                .setParameter(2, code).setParameter(3, missing ? 1 : 0).setParameter(4, staleStatus ? 1 : 0)
                .setParameter(5, missingEntries ? 1 : 0)
                .setParameter(6, missing || staleStatus || missingEntries ? 1 : 0)
                .setParameter(7, Instant.now().plus(LEASE)).executeUpdate();
    }

    void finish(long runId) {
        em.createNativeQuery("UPDATE reconciliation SET state = 'DONE', finished_at = now(), lease_until = NULL "
                + "WHERE id = ?1").setParameter(1, runId).executeUpdate();
    }

    // ---- drift and its repair -----------------------------------------------------------------------------------

    void drift(long runId, String code, String kind, String detail) {
        em.createNativeQuery("INSERT INTO reconciliation_drift (reconciliation_id, dossier_code, kind, detail) "
                + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING").setParameter(1, runId).setParameter(2, code)
                .setParameter(3, kind).setParameter(4, detail).executeUpdate();
    }

    /** The portal lost the dossier: created again (a new revision), and every entry it had sent again after it. */
    void lostByThePortal(String code) {
        em.createNativeQuery("UPDATE portal_dossier SET portal_holds = FALSE, sync_state = 'PENDING', "
                + "revision = revision + 1, changed_at = now() WHERE code = ?1").setParameter(1, code)
                .executeUpdate();
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', last_answer = 'lost by the portal "
                + "(reconciliation)' WHERE dossier_code = ?1 AND state = 'SENT'").setParameter(1, code)
                .executeUpdate();
    }

    /** The portal shows another status: the record is owed again. */
    void owedAgain(String code) {
        em.createNativeQuery("UPDATE portal_dossier SET sync_state = 'PENDING', revision = revision + 1, "
                + "changed_at = now() WHERE code = ?1").setParameter(1, code).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    List<SentEntry> sentEntries(String code) {
        return ((List<Object[]>) em.createNativeQuery("SELECT id, at, content, handler FROM progress_entry "
                + "WHERE dossier_code = ?1 AND state = 'SENT' ORDER BY at, id").setParameter(1, code)
                .getResultList()).stream().map(e -> new SentEntry(((Number) e[0]).longValue(),
                        SqlValues.instant(e[1]), (String) e[2], (String) e[3]))
                .toList();
    }

    /** Entries the portal does not show: sent again. */
    void entriesLost(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', last_answer = 'lost by the portal "
                + "(reconciliation)' WHERE id IN (?1)").setParameter(1, ids).executeUpdate();
    }
}
