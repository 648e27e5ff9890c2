package vn.bcci.portalsync.feed;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import vn.bcci.support.problem.ProblemException;

/**
 * Operators' webhook subscriptions to the feed: created with a secret shown once ({@code whsec_}, Standard Webhooks),
 * listed, recovered from a sequence number after they were disabled, deleted. Delivery is {@link WebhookDispatcher}'s.
 */
@ApplicationScoped
public class WebhookSubscriptions {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A subscription as its owner sees it (never its secret after creation). */
    public record Subscription(long id, String url, String agencyCode, String owner, String description,
            long deliveredSequence, String state, int failureStreak, Instant failingSince, Instant nextAttemptAt,
            Integer lastStatus, String lastError, Instant lastSuccessAt, String disabledReason, Instant createdAt) {
    }

    /** The answer to a creation: the subscription and the secret its receiver verifies signatures with. */
    public record Created(Subscription subscription, String secret) {
    }

    @Inject
    WebhookStore store;
    @Inject
    OperatorFeed feed;

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
        return new Created(find(store.insert(url, secret, agencyCode, owner, description, from)), secret);
    }

    /** Subscriptions of one agency ({@code null}: all), newest first. */
    @Transactional
    public List<Subscription> list(String agencyCode, int limit) {
        return store.list(agencyCode, limit);
    }

    @Transactional
    public Subscription find(long id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("webhook subscription " + id));
    }

    /**
     * Active again, its failure streak forgotten, delivering after {@code fromSequence} (or where it stopped) now.
     */
    @Transactional
    public Subscription recover(long id, Long fromSequence) {
        find(id);
        store.recover(id, fromSequence);
        return find(id);
    }

    @Transactional
    public void delete(long id) {
        if (!store.delete(id)) {
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
}
