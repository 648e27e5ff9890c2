package vn.bcci.portalsync.feed;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.portalsync.ApiExamples;
import vn.bcci.portalsync.audit.AuditLog;
import vn.bcci.portalsync.feed.WebhookSubscriptions.Subscription;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/**
 * Webhook subscriptions to the operators' feed. An agency subscribes to its own entries only; operators to all or to
 * one agency's. The secret the receiver verifies signatures with is in the creation's answer, and nowhere after.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
public class WebhookResource {
    @Inject
    WebhookSubscriptions subscriptions;
    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    Caller caller;
    @Inject
    AuditLog audit;

    /**
     * @param fromSequence the last sequence number the receiver already holds: delivery starts after it (absent:
     *        with what comes from now on)
     */
    public record NewSubscription(@NotBlank @Size(max = 2000) String url, String agency,
            @Size(max = 500) String description, @PositiveOrZero Long fromSequence) {
    }

    public record Recovery(@PositiveOrZero Long fromSequence) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a system to the feed", description = """
            Answers 201 with the subscription and its `secret` (whsec_…, shown only here): calls carry webhook-id, \
            webhook-timestamp and webhook-signature (Standard Webhooks).""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscription", value = ApiExamples.NEW_SUBSCRIPTION)))
    @APIResponse(responseCode = "201", description = "subscribed: the secret is shown this once", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscribed", value = ApiExamples.SUBSCRIBED)))
    @APIResponse(responseCode = "400", description = "a field breaks a rule; nothing is stored", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad url", value = ApiExamples.BAD_URL)))
    public Response create(@Valid NewSubscription body) {
        if (body == null) {
            throw ProblemException.invalid("body", "a subscription needs at least a url");
        }
        String agency = caller.scope(body.agency());
        WebhookSubscriptions.Created created = subscriptions.create(body.url().trim(), agency, caller.name(),
                body.description(), body.fromSequence());
        dispatcher.wake();
        return Response.created(URI.create("/api/v1/webhooks/" + created.subscription().id())).entity(created)
                .build();
    }

    @GET
    @Operation(summary = "The caller's subscriptions, newest first")
    @APIResponse(responseCode = "200", description = "the subscriptions", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscriptions", value = ApiExamples.SUBSCRIPTIONS)))
    public List<Subscription> list(@QueryParam("agency") String agency, @QueryParam("limit") String limit) {
        return subscriptions.list(caller.scope(agency), QueryParams.limit(limit, 100, 500));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription: where its delivery stands, its failure streak, its last answer")
    @APIResponse(responseCode = "200", description = "the subscription", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscription", value = ApiExamples.SUBSCRIPTION)))
    @APIResponse(responseCode = "404", description = "no such subscription, or another owner's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_SUBSCRIPTION)))
    public Subscription get(@PathParam("id") String id) {
        return owned(id);
    }

    @POST
    @Path("/{id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Activate a subscription again", description = """
            Forgets its failure streak and delivers after `fromSequence` (absent: where it stopped).""")
    @jakarta.transaction.Transactional
    @APIResponse(responseCode = "200", description = "active again", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscription", value = ApiExamples.SUBSCRIPTION)))
    @APIResponse(responseCode = "404", description = "no such subscription, or another owner's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_SUBSCRIPTION)))
    public Subscription recover(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "from a sequence", value = ApiExamples.RECOVERY))) @Valid Recovery body) {
        Subscription s = owned(id);
        Subscription recovered = subscriptions.recover(s.id(), body == null ? null : body.fromSequence());
        audit.record(AuditLog.Action.RECOVER_WEBHOOK, "webhook " + s.id(), s.agencyCode(), "was " + s.state()
                + (body != null && body.fromSequence() != null ? ", from sequence " + body.fromSequence() : ""));
        dispatcher.wake();
        return recovered;
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop a subscription for good")
    @APIResponse(responseCode = "204", description = "stopped; nothing more is delivered")
    @APIResponse(responseCode = "404", description = "no such subscription, or another owner's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_SUBSCRIPTION)))
    public Response delete(@PathParam("id") String id) {
        subscriptions.delete(owned(id).id());
        return Response.noContent().build();
    }

    private Subscription owned(String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("webhook subscription " + id);
        }
        Subscription s = subscriptions.find(n);
        if (!caller.seesEverything() && !caller.mayAccess(s.agencyCode())) {
            throw ProblemException.notFound("webhook subscription " + id);
        }
        return s;
    }

}
