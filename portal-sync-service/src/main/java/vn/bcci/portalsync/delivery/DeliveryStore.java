package vn.bcci.portalsync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import vn.bcci.support.SqlValues;

/**
 * The delivery's data access, every statement of it in one place: owed dossiers and progress entries claimed under a
 * lease ({@code FOR UPDATE SKIP LOCKED}, so instances never send the same at once), and each portal answer recorded.
 * Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class DeliveryStore {
    /** How long a claim holds its rows if its holder dies before releasing them. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final EntityManager em;

    public DeliveryStore(EntityManager em) {
        this.em = em;
    }

    /** A dossier record owed to the portal, as claimed. */
    public record DossierClaim(String code, String agency, String record, long revision, boolean portalHolds) {
    }

    /** A progress entry owed to the portal, as claimed (its status: its own, else the dossier's). */
    public record EntryClaim(long id, String dossierCode, String agency, Instant at, String handler, String title,
            String department, String content, int statusCode, boolean inDoubt) {
    }

    // ---- dossier records ---------------------------------------------------------------------------------------

    /** Up to {@code limit} owed dossiers, oldest change first, leased to the caller. */
    @SuppressWarnings("unchecked")
    public List<DossierClaim> claimDossiers(int limit) {
        List<Object[]> rows = em.createNativeQuery("UPDATE portal_dossier d SET lease_until = ?1, "
                + "attempts = attempts + 1 FROM (SELECT code FROM portal_dossier WHERE sync_state = 'PENDING' "
                + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY changed_at LIMIT ?2 "
                + "FOR UPDATE SKIP LOCKED) c WHERE d.code = c.code "
                + "RETURNING d.code, d.agency_code, d.record::text, d.revision, d.portal_holds")
                .setParameter(1, Instant.now().plus(LEASE)).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new DossierClaim((String) r[0], (String) r[1], (String) r[2],
                ((Number) r[3]).longValue(), (Boolean) r[4])).toList();
    }

    public void releaseDossiers(Collection<String> codes) {
        em.createNativeQuery(
                "UPDATE portal_dossier SET lease_until = NULL WHERE code IN (?1) AND lease_until IS NOT NULL")
                .setParameter(1, codes).executeUpdate();
    }

    /** Answer 0: the portal holds {@code revision}; the dossier is synced unless a newer one came meanwhile. */
    public void acknowledged(String code, long revision, String answer) {
        em.createNativeQuery("UPDATE portal_dossier SET acked_revision = GREATEST(acked_revision, ?2), "
                + "first_synced_at = coalesce(first_synced_at, now()), portal_holds = TRUE, sync_state = CASE "
                + "WHEN revision <= ?2 THEN 'SYNCED' ELSE sync_state END, lease_until = NULL, attempts = 0, "
                + "last_answer = ?3, synced_at = now() WHERE code = ?1").setParameter(1, code)
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
     * Up to {@code limit} owed entries of dossiers the portal holds (not parked), learned of at least {@code settle}
     * ago, leased to the caller; in dossier and time order.
     */
    @SuppressWarnings("unchecked")
    public List<EntryClaim> claimEntries(int limit, Duration settle) {
        List<Object[]> rows = em.createNativeQuery("UPDATE progress_entry e SET lease_until = ?1 FROM ("
                + "SELECT e2.id, d.agency_code, d.status_code AS dossier_status FROM progress_entry e2 "
                + "JOIN portal_dossier d ON d.code = e2.dossier_code WHERE e2.state IN ('PENDING', 'IN_DOUBT') "
                + "AND d.portal_holds AND d.sync_state <> 'PARKED' AND (e2.lease_until IS NULL OR "
                + "e2.lease_until < now()) AND e2.created_at <= ?3 "
                + "ORDER BY e2.dossier_code, e2.at, e2.id LIMIT ?2 FOR UPDATE OF e2 SKIP LOCKED) c WHERE e.id = c.id "
                + "RETURNING e.id, e.dossier_code, c.agency_code, e.at, e.handler, e.title, e.department, e.content, "
                + "coalesce(e.status_code, c.dossier_status), e.state")
                .setParameter(1, Instant.now().plus(LEASE)).setParameter(2, limit)
                .setParameter(3, Instant.now().minus(settle)).getResultList();
        return rows.stream().map(r -> new EntryClaim(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                SqlValues.instant(r[3]), (String) r[4], (String) r[5], (String) r[6], (String) r[7],
                ((Number) r[8]).intValue(), "IN_DOUBT".equals(r[9])))
                .sorted(Comparator.comparing(EntryClaim::dossierCode).thenComparing(EntryClaim::at)
                        .thenComparingLong(EntryClaim::id))
                .toList();
    }

    public void releaseEntries(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET lease_until = NULL WHERE id IN (?1)").setParameter(1, ids)
                .executeUpdate();
    }

    /** Committed before the call: an entry whose answer is lost is looked up before it is sent again. */
    public void inDoubt(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'IN_DOUBT' WHERE id IN (?1)").setParameter(1, ids)
                .executeUpdate();
    }

    /** Entries in doubt the portal turned out to hold: sent, never resent. */
    public void foundOnThePortal(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'SENT', sent_at = now(), "
                + "last_answer = 'found on the portal' WHERE id IN (?1)").setParameter(1, ids).executeUpdate();
    }

    /** Entries in doubt the portal does not hold: owed again. */
    public void notOnThePortal(Collection<Long> ids) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING' WHERE id IN (?1)").setParameter(1, ids)
                .executeUpdate();
    }

    public void entrySent(long id, String answer) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'SENT', sent_at = now(), lease_until = NULL, "
                + "last_answer = ?2 WHERE id = ?1").setParameter(1, id).setParameter(2, answer).executeUpdate();
    }

    /** Answer 4 to an entry: the portal lost the dossier; it is created again (a new revision), then the entry. */
    public void recreateThenResend(long id, String dossierCode, String answer) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', lease_until = NULL, last_answer = ?2 "
                + "WHERE id = ?1").setParameter(1, id).setParameter(2, answer).executeUpdate();
        em.createNativeQuery("UPDATE portal_dossier SET portal_holds = FALSE, sync_state = 'PENDING', "
                + "revision = revision + 1 WHERE code = ?1").setParameter(1, dossierCode).executeUpdate();
    }

    public void entryRefused(long id, String answer) {
        em.createNativeQuery("UPDATE progress_entry SET state = 'REFUSED', lease_until = NULL, last_answer = ?2 "
                + "WHERE id = ?1").setParameter(1, id).setParameter(2, answer).executeUpdate();
    }
}
