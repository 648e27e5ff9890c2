package vn.bcci.portalsync.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.messaging.Backoff;
import vn.bcci.messaging.WakeableLoop;
import vn.bcci.support.SqlValues;
import vn.bcci.support.Texts;
import vn.bcci.support.webhooks.StandardWebhooks;

/**
 * Delivers the feed to operators' webhook subscriptions, in sequence order, at most {@code webhooks.batch-size}
 * entries a call, each call signed the Standard Webhooks way ({@code webhook-id} is
 * {@code feed-<subscription>-<first>-<last>}, the same on every retry of the same entries, so receivers can drop a
 * repeat). A 2xx moves the subscription's cursor; anything else is retried with jittered exponential backoff; a
 * subscription failing {@code webhooks.disable-after-failures} times in a row for at least
 * {@code webhooks.disable-after} is disabled (410 Gone disables it at once) until its owner recovers it. Subscriptions
 * are leased, so several instances never deliver the same one at once.
 */
@ApplicationScoped
public class WebhookDispatcher extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final EntityManager em;
    private final OperatorFeed feed;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final int batchSize;
    private final Duration timeout;
    private final Backoff backoff;
    private final int disableAfterFailures;
    private final Duration disableAfter;
    private final Duration poll;

    public WebhookDispatcher(EntityManager em, OperatorFeed feed, ObjectMapper json, MeterRegistry metrics,
            WebhooksConfig config) {
        this.em = em;
        this.feed = feed;
        this.json = json;
        this.metrics = metrics;
        this.batchSize = config.batchSize();
        this.timeout = config.timeout();
        this.backoff = new Backoff(config.backoff().min(), config.backoff().max());
        this.disableAfterFailures = config.disableAfterFailures();
        this.disableAfter = config.disableAfter();
        this.poll = config.poll();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void start(@Observes StartupEvent ignored) {
        startLoop("webhooks");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(15));
    }

    record Due(long id, String url, String secret, String agency, long deliveredSeq, int failureStreak,
            Instant failingSince) {
    }

    @Override
    protected void loop() {
        while (running()) {
            try {
                int delivered = 0;
                for (Due due : QuarkusTransaction.requiringNew().call(this::claim)) {
                    delivered += deliver(due);
                }
                if (delivered == 0) {
                    await(poll);
                }
            } catch (RuntimeException e) {
                roundFailed(LOG, "webhook delivery round", e);
                await(Duration.ofSeconds(5));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Due> claim() {
        List<Object[]> rows = em.createNativeQuery("UPDATE webhook_subscription s SET lease_until = ?1 FROM ("
                + "SELECT id FROM webhook_subscription WHERE state = 'ACTIVE' AND next_attempt_at <= now() "
                + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at LIMIT 20 "
                + "FOR UPDATE SKIP LOCKED) c WHERE s.id = c.id RETURNING s.id, s.url, s.secret, s.agency_code, "
                + "s.delivered_seq, s.failure_streak, s.failing_since")
                .setParameter(1, Instant.now().plus(LEASE)).getResultList();
        return rows.stream().map(r -> new Due(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], ((Number) r[4]).longValue(), ((Number) r[5]).intValue(),
                SqlValues.instant(r[6]))).toList();
    }

    /** One call for one subscription; the number of entries it acknowledged. */
    private int deliver(Due due) {
        List<OperatorFeed.Entry> entries = feed.after(due.deliveredSeq(), batchSize, due.agency());
        if (entries.isEmpty()) {
            release(due.id());
            return 0;
        }
        long first = entries.get(0).seq();
        long last = entries.get(entries.size() - 1).seq();
        String messageId = "feed-" + due.id() + "-" + first + "-" + last;
        Integer status = null;
        String error;
        try {
            ObjectNode message = json.createObjectNode();
            message.put("type", "feed.entries");
            message.put("timestamp", Instant.now().toString());
            message.putObject("data").put("subscription", due.id()).put("first", first).put("last", last)
                    .set("entries", json.valueToTree(entries));
            byte[] body = json.writeValueAsBytes(message);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(due.url())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            new StandardWebhooks(due.secret()).headers(messageId, Instant.now(), body).forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status / 100 == 2 ? null : "answered " + status;
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(due.id());
            return 0;
        }
        if (error == null) {
            delivered(due, last, status);
            metrics.counter("webhook.deliveries", "outcome", "delivered").increment();
            return entries.size();
        }
        failed(due, status, error);
        metrics.counter("webhook.deliveries", "outcome", "failed").increment();
        return 0;
    }

    private void delivered(Due due, long last, int status) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE webhook_subscription SET "
                + "delivered_seq = GREATEST(delivered_seq, ?2), failure_streak = 0, failing_since = NULL, "
                + "last_status = ?3, last_error = NULL, last_success_at = now(), next_attempt_at = now(), "
                + "lease_until = NULL WHERE id = ?1")
                .setParameter(1, due.id()).setParameter(2, last).setParameter(3, status).executeUpdate());
    }

    private void failed(Due due, Integer status, String error) {
        int streak = due.failureStreak() + 1;
        Instant now = Instant.now();
        Instant failingSince = due.failingSince() != null ? due.failingSince() : now;
        boolean gone = status != null && status == 410;
        boolean disable = gone || (streak >= disableAfterFailures
                && !failingSince.plus(disableAfter).isAfter(now));
        String reason = gone
                ? "the receiver answered 410 Gone"
                : "failed " + streak + " times in a row since " + failingSince + "; last: " + error;
        Instant next = now.plus(backoff.after(streak));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE webhook_subscription SET "
                + "failure_streak = ?2, failing_since = ?3, last_status = ?4, last_error = ?5, next_attempt_at = ?6, "
                + "lease_until = NULL, state = ?7, disabled_reason = ?8 WHERE id = ?1")
                .setParameter(1, due.id()).setParameter(2, streak).setParameter(3, failingSince)
                .setParameter(4, status).setParameter(5, Texts.truncate(error, 1000)).setParameter(6, next)
                .setParameter(7, disable ? "DISABLED" : "ACTIVE")
                .setParameter(8, disable ? Texts.truncate(reason, 1000) : null).executeUpdate());
        if (disable) {
            LOG.warnf("webhook subscription %d disabled: %s", due.id(), reason);
        } else {
            LOG.infof("webhook subscription %d: delivery failed (%s), attempt %d, next at %s", due.id(), error, streak,
                    next);
        }
    }

    private void release(long id) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE webhook_subscription SET lease_until = NULL, next_attempt_at = now() + ?2 * interval '1 "
                        + "millisecond' WHERE id = ?1")
                .setParameter(1, id).setParameter(2, poll.toMillis()).executeUpdate());
    }
}
