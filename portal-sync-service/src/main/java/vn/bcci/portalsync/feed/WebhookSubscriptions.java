package vn.bcci.portalsync.feed;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.support.ProblemException;
import vn.bcci.support.SqlValues;

/**
 * Operators' webhook subscriptions to the feed: created with a secret shown once ({@code whsec_}, Standard Webhooks),
 * listed, recovered from a sequence number after they were disabled, deleted. Delivery is {@link WebhookDispatcher}'s.
 */
@ApplicationScoped
public class WebhookSubscriptions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, url, agency_code, owner, description, delivered_seq, state, "
            + "failure_streak, failing_since, next_attempt_at, last_status, last_error, last_success_at, "
            + "disabled_reason, created_at";

    /** A subscription as its owner sees it (never its secret after creation). */
    public record Subscription(long id, String url, String agencyCode, String owner, String description,
            long deliveredSequence, String state, int failureStreak, Instant failingSince, Instant nextAttemptAt,
            Integer lastStatus, String lastError, Instant lastSuccessAt, String disabledReason, Instant createdAt) {
    }

    /** The answer to a creation: the subscription and the secret its receiver verifies signatures with. */
    public record Created(Subscription subscription, String secret) {
    }

    private final EntityManager em;
    private final OperatorFeed feed;

    public WebhookSubscriptions(EntityManager em, OperatorFeed feed) {
        this.em = em;
        this.feed = feed;
    }

    /**
     * @param fromSequence the last sequence number the receiver already has ({@code null}: only what comes from now)
     */
    @Transactional
    public Created create(String url, String agencyCode, String owner, String description, Long fromSequence) {
        checkUrl(url);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        long from = fromSequence != null ? fromSequence : feed.lastSequence();
        Number id = (Number) em.createNativeQuery("INSERT INTO webhook_subscription (url, secret, agency_code, owner, "
                + "description, delivered_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")
                .setParameter(1, url).setParameter(2, secret).setParameter(3, agencyCode).setParameter(4, owner)
                .setParameter(5, description).setParameter(6, from).getSingleResult();
        return new Created(find(id.longValue()), secret);
    }

    /** Subscriptions of one agency ({@code null}: all), newest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Subscription> list(String agencyCode, int limit) {
        return ((List<Object[]>) em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_subscription "
                + "WHERE CAST(?1 AS VARCHAR) IS NULL OR agency_code = CAST(?1 AS VARCHAR) ORDER BY id DESC LIMIT ?2")
                .setParameter(1, agencyCode).setParameter(2, limit).getResultList())
                .stream().map(WebhookSubscriptions::view).toList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Subscription find(long id) {
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("webhook subscription " + id);
        }
        return view(rows.get(0));
    }

    /**
     * Active again, its failure streak forgotten, delivering after {@code fromSequence} (or where it stopped) now.
     */
    @Transactional
    public Subscription recover(long id, Long fromSequence) {
        find(id);
        em.createNativeQuery("UPDATE webhook_subscription SET state = 'ACTIVE', failure_streak = 0, "
                + "failing_since = NULL, disabled_reason = NULL, next_attempt_at = now(), lease_until = NULL, "
                + "delivered_seq = coalesce(?2, delivered_seq) WHERE id = ?1")
                .setParameter(1, id).setParameter(2, fromSequence).executeUpdate();
        return find(id);
    }

    @Transactional
    public void delete(long id) {
        if (em.createNativeQuery("DELETE FROM webhook_subscription WHERE id = ?1").setParameter(1, id)
                .executeUpdate() == 0) {
            throw ProblemException.notFound("webhook subscription " + id);
        }
    }

    static void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ProblemException.invalid("url", "is required");
        }
        if (url.length() > 2000) {
            throw ProblemException.invalid("url", "must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw ProblemException.invalid("url", "must be an absolute http(s) URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw ProblemException.invalid("url", "must be an absolute http(s) URL with a host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry credentials (user:password@): each call is signed"
                    + " instead");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw ProblemException.invalid("url", "must have a port from 1 to 65535");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not have a fragment (#…)");
        }
    }

    private static Subscription view(Object[] r) {
        return new Subscription(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).longValue(), (String) r[6], ((Number) r[7]).intValue(),
                SqlValues.instant(r[8]), SqlValues.instant(r[9]), r[10] == null ? null : ((Number) r[10]).intValue(),
                (String) r[11],
                SqlValues.instant(r[12]), (String) r[13], SqlValues.instant(r[14]));
    }
}
