package vn.bcci.postal.ingestion;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.InputRules;
import vn.bcci.postal.config.TrackingConfig;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.webhooks.StandardWebhooks;

/**
 * VNPost's pushes are signed the Standard Webhooks way, by default: {@code tracking.webhook.signing=required} (the
 * default) needs {@code tracking.webhook.secret} ({@code TRACKING_WEBHOOK_SECRET}, {@code whsec_<base64>}) and the
 * service does not start without it; {@code off} takes unsigned pushes and is for development only (logged loudly).
 * A push is refused with 401 when unsigned, wrongly signed, tampered with or outside the timestamp tolerance; a
 * {@code webhook-id} is taken for one body only (409 for another body; the same push sent again is harmless, its
 * events are duplicates). Refusals are counted in {@code tracking_push_refused_total{reason}}.
 */
@ApplicationScoped
@Startup
public class PushSigning {
    private static final Logger LOG = Logger.getLogger(PushSigning.class);

    private final Optional<StandardWebhooks> signing;
    private final Duration tolerance;
    private final IngestionStore store;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    @jakarta.inject.Inject
    public PushSigning(TrackingConfig config, IngestionStore store, MeterRegistry metrics) {
        this(config.webhook().signing(), config.webhook().secret(), config.webhook().tolerance(), store, metrics);
    }

    /** {@code mode} {@code required} or {@code off}; a blank secret is none. */
    public PushSigning(String mode, Optional<String> secret, Duration tolerance, IngestionStore store,
            MeterRegistry metrics) {
        this.tolerance = tolerance;
        this.store = store;
        this.metrics = metrics;
        Optional<String> configured = secret.filter(s -> !s.isBlank());
        switch (mode.trim()) {
            case "required" -> {
                if (configured.isEmpty()) {
                    throw new IllegalStateException("TRACKING_WEBHOOK_SECRET (tracking.webhook.secret, whsec_<base64>)"
                            + " is required: VNPost's pushes must be signed. Set TRACKING_WEBHOOK_SIGNING=off only"
                            + " for development.");
                }
                this.signing = configured.map(StandardWebhooks::new);
            }
            case "off" -> {
                LOG.warn("tracking.webhook.signing=off: UNSIGNED VNPost pushes are taken. Development only.");
                this.signing = Optional.empty();
            }
            default -> throw new IllegalStateException("tracking.webhook.signing must be required or off, not "
                    + mode);
        }
    }

    /** Refuses a push that is not authentic (401); checked before the body is read. */
    public void verify(String id, String timestamp, String signature, byte[] body) {
        if (signing.isEmpty()) {
            return;
        }
        String refusal = signing.get().refusal(id, timestamp, signature, body, clock.instant(), tolerance);
        if (refusal != null) {
            metrics.counter("tracking.push.refused", "reason", "signature").increment();
            LOG.warnf("refused a tracking push (webhook-id %s): %s", id, refusal);
            throw new ProblemException(401, "Signature refused", refusal,
                    List.of(new Problem.FieldError(StandardWebhooks.SIGNATURE, refusal)), null);
        }
        if (id.length() > 200) {
            throw ProblemException.invalid(StandardWebhooks.ID, "must be at most 200 characters");
        }
        String badId = InputRules.textProblem(id);
        if (badId != null) {
            throw ProblemException.invalid(StandardWebhooks.ID, badId);
        }
    }

    /**
     * Records that an authentic push of a readable batch was taken under its webhook-id, once the body was read: the
     * same id with another body is refused (409); the same push again passes (its events are duplicates).
     */
    @Transactional
    public void takeOnce(String id, byte[] body) {
        if (signing.isEmpty()) {
            return;
        }
        String hash = sha256(body);
        if (!hash.equals(store.receipt(id, hash))) {
            metrics.counter("tracking.push.refused", "reason", "webhook-id-reused").increment();
            LOG.warnf("refused a tracking push: webhook-id %s was already used for another body", id);
            throw new ProblemException(409, "webhook-id reused", StandardWebhooks.ID + " " + id
                    + " was already used for a different body",
                    List.of(new Problem.FieldError(StandardWebhooks.ID, "must be new for a different body")), null);
        }
    }

    /** Receipts older than twice the tolerance: their pushes are refused by timestamp anyway. */
    @Scheduled(identity = "push-receipts-purge", every = "10m", delayed = "1m")
    @Transactional
    void purge() {
        store.purgeReceipts(tolerance.multipliedBy(2).toSeconds());
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
