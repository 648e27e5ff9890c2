package vn.bcci.portalsync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.support.sql.SqlValues;

/**
 * The delivery's data access, every statement of it in one place: owed dossiers, and the owed progress entries of a
 * dossier, claimed under the dossier's lease ({@code FOR UPDATE SKIP LOCKED}, so instances never send the same dossier's
 * record or entries at once), and each portal answer recorded.
 * Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class DeliveryStore {
    /** How long a claim holds its rows if its holder dies before releasing them. */
    static final Duration LEASE = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    /** A dossier record owed to the portal, as claimed. */
    /** @param traceparent the trace context of the change that made it owed (the portal call continues it) */
    public record DossierClaim(String code, String agency, String record, long revision, boolean portalHolds,
            String traceparent) {
    }

    /** A progress entry owed to the portal, as claimed (its status: its own, else the dossier's). */
    public record EntryClaim(long id, String dossierCode, String agency, Instant at, String handler, String title,
            String department, String content, int statusCode, boolean inDoubt, String traceparent) {
    }

    // ---- dossier records ---------------------------------------------------------------------------------------

    /**
     * A new lease, to claim with and to release with: its end, to the microsecond, is the claim's token, so a release
     * gives back only what this claim still holds (never a lease another claim took after an answer ended this one).
     */
    public static Instant newLease() {
        return Instant.now().plus(LEASE).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Up to {@code limit} owed dossiers, oldest change first, leased to the caller until {@code lease}. */
    @SuppressWarnings("unchecked")
    public List<DossierClaim> claimDossiers(int limit, Instant lease) {
        List<Object[]> rows = em.createNativeQuery("UPDATE portal_dossier d SET lease_until = ?1, "
                + "attempts = attempts + 1 FROM (SELECT code FROM portal_dossier WHERE sync_state = 'PENDING' "
                + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY changed_at LIMIT ?2 "
                + "FOR UPDATE SKIP LOCKED) c WHERE d.code = c.code "
                + "RETURNING d.code, d.agency_code, d.record::text, d.revision, d.portal_holds, d.traceparent")
                .setParameter(1, lease).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new DossierClaim((String) r[0], (String) r[1], (String) r[2],
                ((Number) r[3]).longValue(), (Boolean) r[4], (String) r[5])).toList();
    }

    /**
     * Gives back the dossiers this claim ({@code lease}) still holds, locking them in code order as the consumers lock
     * a batch's dossiers: locked in whatever order the scan met them, a release of 100 dossiers once deadlocked with the
     * projection's consumer and, rolled back, left them leased for the lease's 60 s (the fault suite converged in 57 s
     * instead of 10).
     */
    public void releaseDossiers(Collection<String> codes, Instant lease) {
        em.createNativeQuery("UPDATE portal_dossier d SET lease_until = NULL FROM (SELECT code FROM portal_dossier "
                + "WHERE code IN (?1) AND lease_until = ?2 ORDER BY code FOR UPDATE) held WHERE d.code = held.code")
                .setParameter(1, codes).setParameter(2, lease).executeUpdate();
    }

    /** Answer 0: the portal holds {@code revision}; the dossier is synced unless a newer one came meanwhile. */
    public void acknowledged(String code, long revision, String answer) {
        em.createNativeQuery("WITH acked AS (UPDATE portal_dossier SET acked_revision = GREATEST(acked_revision, ?2), "
                + "first_synced_at = coalesce(first_synced_at, now()), portal_holds = TRUE, sync_state = CASE "
                + "WHEN revision <= ?2 THEN 'SYNCED' ELSE sync_state END, lease_until = NULL, attempts = 0, "
                + "last_answer = ?3, synced_at = now() WHERE code = ?1 RETURNING code, acked_revision, revision) "
                // the record's last revision held: in step, if no entry of the dossier is owed (V20)
                + "UPDATE report_dossier r SET portal_in_step_at = now() FROM acked a WHERE r.code = a.code AND "
                + "a.acked_revision >= a.revision AND " + CLOSED_BCCI + " AND NOT EXISTS (SELECT 1 FROM "
                + "progress_entry e WHERE e.dossier_code = r.code AND e.state <> 'SENT')").setParameter(1, code)
                .setParameter(2, revision).setParameter(3, answer).executeUpdate();
    }

    /** Answers 3 and 4: whether the portal holds the dossier, so that the next call creates or updates it. */
    public void portalHolds(String code, boolean holds, String answer) {
        em.createNativeQuery("UPDATE portal_dossier SET portal_holds = ?2, lease_until = NULL, last_answer = ?3 "
                + "WHERE code = ?1").setParameter(1, code).setParameter(2, holds).setParameter(3, answer)
                .executeUpdate();
    }

    /** Answer 2: parked for an operator, unless a newer revision came meanwhile (that one is tried). */
    public void parked(String code, long revision, String answer) {
        em.createNativeQuery("UPDATE portal_dossier SET sync_state = 'PARKED', lease_until = NULL, last_answer = ?2 "
                + "WHERE code = ?1 AND revision = ?3").setParameter(1, code).setParameter(2, answer)
                .setParameter(3, revision).executeUpdate();
    }

    /** Any other answer: still owed. */
    public void stillOwed(String code, String answer) {
        em.createNativeQuery("UPDATE portal_dossier SET lease_until = NULL, last_answer = ?2 WHERE code = ?1")
                .setParameter(1, code).setParameter(2, answer).executeUpdate();
    }

    // ---- progress entries --------------------------------------------------------------------------------------

    /**
     * Every owed entry of up to {@code dossiers} dossiers the portal holds (not parked) whose oldest owed entry was
     * learned of at least {@code settle} ago, in dossier and time order: a step learned of a moment after another but
     * earlier in time (VNPost's events of one item reaching us out of order) goes with it, in its place. The claim is
     * per dossier: the dossier is leased (the same lease as a record claim), so one dossier's record and entries are
     * only ever in flight from one instance, in order. Release with {@link #releaseDossiers}.
     */
    @SuppressWarnings("unchecked")
    public List<EntryClaim> claimEntries(int dossiers, Duration settle, Instant lease) {
        Instant settled = Instant.now().minus(settle);
        List<String> codes = em.createNativeQuery("UPDATE portal_dossier p SET lease_until = ?1 FROM ("
                + "SELECT d.code FROM portal_dossier d WHERE d.code IN (SELECT e.dossier_code FROM progress_entry e "
                + "WHERE e.state IN ('PENDING', 'IN_DOUBT') AND e.created_at <= ?3) AND d.portal_holds "
                + "AND d.sync_state <> 'PARKED' AND (d.lease_until IS NULL OR d.lease_until < now()) "
                + "ORDER BY d.code LIMIT ?2 FOR UPDATE SKIP LOCKED) c WHERE p.code = c.code RETURNING p.code")
                .setParameter(1, lease).setParameter(2, dossiers).setParameter(3, settled)
                .getResultList();
        if (codes.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("SELECT e.id, e.dossier_code, d.agency_code, e.at, e.handler, "
                + "e.title, e.department, e.content, coalesce(e.status_code, d.status_code), e.state, e.traceparent "
                + "FROM progress_entry e JOIN portal_dossier d ON d.code = e.dossier_code WHERE e.dossier_code IN (?1) "
                + "AND e.state IN ('PENDING', 'IN_DOUBT') ORDER BY e.dossier_code, e.at, e.id")
                .setParameter(1, codes).getResultList();
        return rows.stream().map(r -> new EntryClaim(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                SqlValues.instant(r[3]), (String) r[4], (String) r[5], (String) r[6], (String) r[7],
                ((Number) r[8]).intValue(), "IN_DOUBT".equals(r[9]), (String) r[10]))
                .sorted(Comparator.comparing(EntryClaim::dossierCode).thenComparing(EntryClaim::at)
                        .thenComparingLong(EntryClaim::id))
                .toList();
    }

    /** How many of a dossier's progress entries the portal still owes us an answer for, and how many it holds. */
    public record EntryCounts(long owed, long sent) {
        static final EntryCounts NONE = new EntryCounts(0, 0);
    }

    /** The entry counts of each of {@code codes} (a page of the sync list: one statement, not two a dossier). */
    @SuppressWarnings("unchecked")
    public java.util.Map<String, EntryCounts> entryCounts(Collection<String> codes) {
        java.util.Map<String, EntryCounts> counts = new java.util.HashMap<>();
        if (codes.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT dossier_code, count(*) FILTER (WHERE state <> 'SENT'), "
                + "count(*) FILTER (WHERE state = 'SENT') FROM progress_entry WHERE dossier_code IN (?1) "
                + "GROUP BY dossier_code").setParameter(1, codes).getResultList();
        for (Object[] r : rows) {
            counts.put((String) r[0], new EntryCounts(((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
        }
        for (String code : codes) {
            counts.putIfAbsent(code, EntryCounts.NONE);
        }
        return counts;
    }

    /** Committed before the call: an entry whose answer is lost is looked up before it is sent again. */
    public void inDoubt(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'IN_DOUBT' WHERE id IN (?1)").setParameter(1, ids)
                .executeUpdate();
    }

    /** Entries in doubt the portal turned out to hold: sent, never resent. */
    public void foundOnThePortal(Collection<Long> ids) {
        em.createNativeQuery("WITH sent AS (UPDATE progress_entry SET state = 'SENT', sent_at = now(), "
                + "last_answer = 'found on the portal' WHERE id IN (?1) RETURNING id, dossier_code) " + IN_STEP)
                .setParameter(1, ids).executeUpdate();
    }

    /**
     * A closed BCCI dossier not yet in step (V20, the BCCI index's transparency), of report_dossier {@code r}: with
     * the two conditions below, the portal holds every status of it.
     */
    private static final String CLOSED_BCCI = "r.portal_in_step_at IS NULL AND r.status IN "
            + DossierStatus.TERMINAL_SQL + " AND (r.channel = 'POSTAL' OR r.return_method = 'POSTAL')";
    /**
     * With entries just sent ({@code sent}: id, dossier_code), marks each closed BCCI dossier in step whose record's
     * last revision the portal acknowledged and none of whose other entries is owed (the statement's snapshot still
     * sees the sent entries as owed).
     */
    private static final String IN_STEP = "UPDATE report_dossier r SET portal_in_step_at = now() WHERE r.code IN "
            + "(SELECT dossier_code FROM sent) AND " + CLOSED_BCCI + " AND NOT EXISTS (SELECT 1 FROM progress_entry e "
            + "WHERE e.dossier_code = r.code AND e.state <> 'SENT' AND e.id NOT IN (SELECT id FROM sent)) AND EXISTS "
            + "(SELECT 1 FROM portal_dossier d WHERE d.code = r.code AND d.acked_revision >= d.revision)";

    /** Entries in doubt the portal does not hold: owed again. */
    public void notOnThePortal(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING' WHERE id IN (?1)").setParameter(1, ids)
                .executeUpdate();
    }

    public void entrySent(long id, String answer) {
        em.createNativeQuery("WITH sent AS (UPDATE progress_entry SET state = 'SENT', sent_at = now(), "
                + "last_answer = ?2 WHERE id = ?1 RETURNING id, dossier_code) " + IN_STEP).setParameter(1, id)
                .setParameter(2, answer).executeUpdate();
    }

    /** Answer 4 to an entry: the portal lost the dossier; it is created again (a new revision), then the entry. */
    public void recreateThenResend(long id, String dossierCode, String answer) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', last_answer = ?2 "
                + "WHERE id = ?1").setParameter(1, id).setParameter(2, answer).executeUpdate();
        em.createNativeQuery("UPDATE portal_dossier SET portal_holds = FALSE, sync_state = 'PENDING', "
                + "revision = revision + 1 WHERE code = ?1").setParameter(1, dossierCode).executeUpdate();
    }

    public void entryRefused(long id, String answer) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'REFUSED', last_answer = ?2 "
                + "WHERE id = ?1").setParameter(1, id).setParameter(2, answer).executeUpdate();
    }

    /** The sync gauges: parked and owed dossiers, owed entries (held ones included), the lag in seconds. */
    public record Gauges(long parked, long dossiersOwed, long entriesOwed, long lagSeconds) {
    }

    /** Each figure from a partial index of what it counts (a refresh costs in proportion to the backlog). */
    public Gauges gauges() {
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT
                  (SELECT count(*) FROM portal_dossier WHERE sync_state = 'PARKED'),
                  (SELECT count(*) FROM portal_dossier WHERE sync_state = 'PENDING'),
                  (SELECT count(*) FROM progress_entry e WHERE e.state IN ('PENDING', 'IN_DOUBT')
                     AND e.dossier_code IS NOT NULL)
                  + (SELECT count(*) FROM progress_entry e WHERE e.state = 'HELD'),
                  extract(epoch FROM now() - least(
                     (SELECT min(changed_at) FROM portal_dossier WHERE sync_state = 'PENDING'),
                     (SELECT min(e.created_at) FROM progress_entry e JOIN portal_dossier d ON d.code = e.dossier_code
                        WHERE e.state IN ('PENDING', 'IN_DOUBT') AND d.sync_state <> 'PARKED')))
                """).getSingleResult();
        return new Gauges(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                r[3] == null ? 0 : Math.max(0, Math.round(((Number) r[3]).doubleValue())));
    }
}
