package vn.bcci.postal.ingestion;

import java.io.IOException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.postal.ApiExamples;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.quota.QuotaGate;
import vn.bcci.support.security.Caller;
import vn.bcci.support.webhooks.StandardWebhooks;

/**
 * VNPost's HTTP door: a batch of up to 500 raw events, one outcome per event. A push must be signed the Standard
 * Webhooks way ({@link PushSigning}); an unsigned, wrongly signed or stale push is refused (401), a webhook-id reused
 * for another body too (409), and nothing in it is stored.
 */
@Path("/api/v1/tracking-events")
@Quota(Door.PUSHES)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrackingEventResource {
    private static final TypeReference<List<VnpostTrackingEvent>> BATCH = new TypeReference<>() {
    };
    static final int MAX_BATCH = 500;

    @Inject
    TrackingService tracking;
    @Inject
    ObjectMapper json;
    @Inject
    PushSigning signing;
    @Inject
    QuotaGate quota;

    public record BatchAnswer(int accepted, int duplicate, int rejected, List<IngestOutcome> results) {
    }

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    @Operation(summary = "Push a batch of VNPost tracking events", description = """
            1 to 500 events; one outcome per event (accepted, duplicate, rejected with the reason). A bad event does \
            not block the others. Signed the Standard Webhooks way (standardwebhooks.com): headers webhook-id (unique \
            per push, at most 200 characters), webhook-timestamp (Unix seconds, within 5 minutes of our clock) and \
            webhook-signature 'v1,' + base64(HMAC-SHA256(key, id + '.' + timestamp + '.' + body)), where key is the \
            base64 part of the shared secret whsec_<base64>. Unsigned, wrongly signed, tampered or stale pushes: 401; \
            a webhook-id reused for another body: 409. postal-tracking-service/sign-push.sh signs a body for curl.""")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "one outcome per event", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "outcomes", value = ApiExamples.PUSH_ANSWER))),
            @APIResponse(responseCode = "400", description = "not a JSON array of 1 to 500 events", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not a batch", value = ApiExamples.PUSH_INVALID))),
            @APIResponse(responseCode = "401", description = "no bearer token, or the push is not signed right"),
            @APIResponse(responseCode = "409", description = "the webhook-id was used for another body", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "replayed id", value = ApiExamples.PUSH_REPLAYED))),
            @APIResponse(responseCode = "429", description = "VNPost's pushed events per second are spent: send the "
                    + "same push again after Retry-After seconds")})
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = VnpostTrackingEvent.class), examples = @ExampleObject(name = "three events", value = ApiExamples.PUSH)))
    public BatchAnswer push(byte[] body, @HeaderParam(StandardWebhooks.ID) String webhookId,
            @HeaderParam(StandardWebhooks.TIMESTAMP) String webhookTimestamp,
            @HeaderParam(StandardWebhooks.SIGNATURE) String webhookSignature) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body;
        signing.verify(webhookId, webhookTimestamp, webhookSignature, bytes);
        List<VnpostTrackingEvent> events = body == null || body.length == 0 ? null : json.readValue(body, BATCH);
        if (events == null || events.isEmpty() || events.size() > MAX_BATCH) {
            throw ProblemException.invalid("body", "must be a JSON array of 1 to " + MAX_BATCH + " events");
        }
        quota.charge(Door.PUSHES, events.size()); // before the webhook-id is kept: a refused push is sent again as is
        signing.takeOnce(webhookId, bytes);
        List<IngestOutcome> results = tracking.ingestAll(events);
        return new BatchAnswer(
                (int) results.stream().filter(r -> IngestOutcome.ACCEPTED.equals(r.outcome())).count(),
                (int) results.stream().filter(r -> IngestOutcome.DUPLICATE.equals(r.outcome())).count(),
                (int) results.stream().filter(IngestOutcome::rejected).count(),
                results);
    }
}
