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

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.messaging.jobs.WakeableLoop;
import vn.bcci.messaging.retry.Backoff;
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

    private final WebhookStore store;
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

    public WebhookDispatcher(WebhookStore store, OperatorFeed feed, ObjectMapper json, MeterRegistry metrics,
            WebhooksConfig config) {
        this.store = store;
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

    @Override
    protected void loop() {
        while (running()) {
            try {
                int delivered = 0;
                for (WebhookStore.Due due : QuarkusTransaction.requiringNew().call(this::claim)) {
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

    private List<WebhookStore.Due> claim() {
        return store.claimDue(20, LEASE);
    }

    /** One call for one subscription; the number of entries it acknowledged. */
    private int deliver(WebhookStore.Due due) {
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

    private void delivered(WebhookStore.Due due, long last, int status) {
        QuarkusTransaction.requiringNew().run(() -> store.delivered(due.id(), last, status));
    }

    private void failed(WebhookStore.Due due, Integer status, String error) {
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
        QuarkusTransaction.requiringNew().run(() -> store.failed(due.id(), streak, failingSince, status, error, next,
                disable ? reason : null));
        if (disable) {
            LOG.warnf("webhook subscription %d disabled: %s", due.id(), reason);
        } else {
            LOG.infof("webhook subscription %d: delivery failed (%s), attempt %d, next at %s", due.id(), error, streak,
                    next);
        }
    }

    private void release(long id) {
        QuarkusTransaction.requiringNew().run(() -> store.release(id, poll));
    }
}
