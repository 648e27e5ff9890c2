package vn.bcci.postal.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.postal.service.IngestOutcome;
import vn.bcci.postal.service.TrackingService;
import vn.bcci.support.Caller;
import vn.bcci.support.Problem;
import vn.bcci.support.ProblemException;
import vn.bcci.support.webhooks.StandardWebhooks;

/**
 * VNPost's HTTP door: a batch of up to 500 raw events, one outcome per event. When {@code tracking.webhook.secret} is
 * set, a push must be signed the Standard Webhooks way; an unsigned, wrongly signed or stale push is refused (401) and
 * nothing in it is stored.
 */
@Path("/api/v1/tracking-events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrackingEventResource {
    private static final Logger LOG = Logger.getLogger(TrackingEventResource.class);
    private static final TypeReference<List<VnpostTrackingEvent>> BATCH = new TypeReference<>() {
    };
    static final int MAX_BATCH = 500;

    private final TrackingService tracking;
    private final ObjectMapper json;
    private final Optional<StandardWebhooks> signing;
    private final Duration tolerance;
    private final Clock clock = Clock.systemUTC();

    public TrackingEventResource(TrackingService tracking, ObjectMapper json,
            @ConfigProperty(name = "tracking.webhook.secret") Optional<String> secret,
            @ConfigProperty(name = "tracking.webhook.tolerance") Duration tolerance) {
        this.tracking = tracking;
        this.json = json;
        this.signing = secret.filter(s -> !s.isBlank()).map(StandardWebhooks::new);
        this.tolerance = tolerance;
    }

    public record BatchAnswer(int accepted, int duplicate, int rejected, List<IngestOutcome> results) {
    }

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    @Operation(summary = "Push a batch of VNPost tracking events", description = "1 to 500 events; one outcome per event "
            + "(accepted, duplicate, rejected with the reason). A bad event does not block the others.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = VnpostTrackingEvent.class)))
    public BatchAnswer push(byte[] body, @HeaderParam(StandardWebhooks.ID) String webhookId,
            @HeaderParam(StandardWebhooks.TIMESTAMP) String webhookTimestamp,
            @HeaderParam(StandardWebhooks.SIGNATURE) String webhookSignature) throws IOException {
        if (signing.isPresent()) {
            String refusal = signing.get().refusal(webhookId, webhookTimestamp, webhookSignature,
                    body == null ? new byte[0] : body, clock.instant(), tolerance);
            if (refusal != null) {
                LOG.warnf("refused a tracking push (webhook-id %s): %s", webhookId, refusal);
                throw new ProblemException(401, "Signature refused", refusal,
                        List.of(new Problem.FieldError(StandardWebhooks.SIGNATURE, refusal)), null);
            }
        }
        List<VnpostTrackingEvent> events = body == null || body.length == 0 ? null : json.readValue(body, BATCH);
        if (events == null || events.isEmpty() || events.size() > MAX_BATCH) {
            throw ProblemException.invalid("body", "must be a JSON array of 1 to " + MAX_BATCH + " events");
        }
        List<IngestOutcome> results = tracking.ingestAll(events);
        return new BatchAnswer(
                (int) results.stream().filter(r -> IngestOutcome.ACCEPTED.equals(r.outcome())).count(),
                (int) results.stream().filter(r -> IngestOutcome.DUPLICATE.equals(r.outcome())).count(),
                (int) results.stream().filter(IngestOutcome::rejected).count(),
                results);
    }
}
