package vn.bcci.portalsync.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Texts;

/**
 * The webhook subscriptions' table, {@code webhook_subscription}: what operators subscribed, and each subscription's
 * delivery state (cursor, failure streak, next attempt, lease), read and written in the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WebhookStore {
    private static final String COLUMNS = "id, url, agency_code, owner, description, delivered_seq, state, "
            + "failure_streak, failing_since, next_attempt_at, last_status, last_error, last_success_at, "
            + "disabled_reason, created_at";

    /** A subscription due for a delivery, leased to this instance. */
    record Due(long id, String url, String secret, String agency, long deliveredSeq, int failureStreak,
            Instant failingSince) {
    }

    @Inject
    EntityManager em;

    long insert(String url, String secret, String agencyCode, String owner, String description, long from) {
        return ((Number) em.createNativeQuery("INSERT INTO webhook_subscription (url, secret, agency_code, owner, "
                + "description, delivered_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")
                .setParameter(1, url).setParameter(2, secret).setParameter(3, agencyCode).setParameter(4, owner)
                .setParameter(5, description).setParameter(6, from).getSingleResult()).longValue();
    }

    /** Subscriptions of one agency ({@code null}: all), newest first. */
    @SuppressWarnings("unchecked")
    List<WebhookSubscriptions.Subscription> list(String agencyCode, int limit) {
        return ((List<Object[]>) em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_subscription "
                + "WHERE CAST(?1 AS VARCHAR) IS NULL OR agency_code = CAST(?1 AS VARCHAR) ORDER BY id DESC LIMIT ?2")
                .setParameter(1, agencyCode).setParameter(2, limit).getResultList())
                .stream().map(WebhookStore::view).toList();
    }

    @SuppressWarnings("unchecked")
    Optional<WebhookSubscriptions.Subscription> find(long id) {
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(WebhookStore::view);
    }

    /** Active again, its failure streak forgotten, delivering after {@code fromSequence} (or where it stopped). */
    void recover(long id, Long fromSequence) {
        em.createNativeQuery("UPDATE webhook_subscription SET state = 'ACTIVE', failure_streak = 0, "
                + "failing_since = NULL, disabled_reason = NULL, next_attempt_at = now(), lease_until = NULL, "
                + "delivered_seq = coalesce(?2, delivered_seq) WHERE id = ?1")
                .setParameter(1, id).setParameter(2, fromSequence).executeUpdate();
    }

    boolean delete(long id) {
        return em.createNativeQuery("DELETE FROM webhook_subscription WHERE id = ?1").setParameter(1, id)
                .executeUpdate() > 0;
    }

    /** Leases up to {@code limit} active subscriptions whose next attempt is due and that nobody else holds. */
    @SuppressWarnings("unchecked")
    List<Due> claimDue(int limit, Duration lease) {
        List<Object[]> rows = em.createNativeQuery("UPDATE webhook_subscription s SET lease_until = ?1 FROM ("
                + "SELECT id FROM webhook_subscription WHERE state = 'ACTIVE' AND next_attempt_at <= now() "
                + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at LIMIT ?2 "
                + "FOR UPDATE SKIP LOCKED) c WHERE s.id = c.id RETURNING s.id, s.url, s.secret, s.agency_code, "
                + "s.delivered_seq, s.failure_streak, s.failing_since")
                .setParameter(1, Instant.now().plus(lease)).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Due(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], ((Number) r[4]).longValue(), ((Number) r[5]).intValue(),
                SqlValues.instant(r[6]))).toList();
    }

    /** The receiver acknowledged the entries up to {@code last}: the cursor moves and the streak is forgotten. */
    void delivered(long id, long last, int status) {
        em.createNativeQuery("UPDATE webhook_subscription SET "
                + "delivered_seq = GREATEST(delivered_seq, ?2), failure_streak = 0, failing_since = NULL, "
                + "last_status = ?3, last_error = NULL, last_success_at = now(), next_attempt_at = now(), "
                + "lease_until = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, last).setParameter(3, status).executeUpdate();
    }

    /** A failed call: its streak, the next attempt, and the reason when it disables the subscription. */
    void failed(long id, int streak, Instant failingSince, Integer status, String error, Instant next,
            String disabledReason) {
        em.createNativeQuery("UPDATE webhook_subscription SET "
                + "failure_streak = ?2, failing_since = ?3, last_status = ?4, last_error = ?5, next_attempt_at = ?6, "
                + "lease_until = NULL, state = ?7, disabled_reason = ?8 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, streak).setParameter(3, failingSince)
                .setParameter(4, status).setParameter(5, Texts.truncate(error, 1000)).setParameter(6, next)
                .setParameter(7, disabledReason != null ? "DISABLED" : "ACTIVE")
                .setParameter(8, Texts.truncate(disabledReason, 1000)).executeUpdate();
    }

    /** Gives the lease back; the next look at the subscription in {@code after}. */
    void release(long id, Duration after) {
        em.createNativeQuery("UPDATE webhook_subscription SET lease_until = NULL, next_attempt_at = now() + ?2 * "
                + "interval '1 millisecond' WHERE id = ?1")
                .setParameter(1, id).setParameter(2, after.toMillis()).executeUpdate();
    }

    private static WebhookSubscriptions.Subscription view(Object[] r) {
        return new WebhookSubscriptions.Subscription(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3],
                (String) r[4], ((Number) r[5]).longValue(), (String) r[6], ((Number) r[7]).intValue(),
                SqlValues.instant(r[8]), SqlValues.instant(r[9]), r[10] == null ? null : ((Number) r[10]).intValue(),
                (String) r[11],
                SqlValues.instant(r[12]), (String) r[13], SqlValues.instant(r[14]));
    }
}
