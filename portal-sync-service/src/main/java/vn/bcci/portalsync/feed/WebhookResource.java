package vn.bcci.portalsync.feed;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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

import vn.bcci.portalsync.audit.AuditLog;
import vn.bcci.portalsync.feed.WebhookSubscriptions.Subscription;
import vn.bcci.support.http.QueryParams;
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
    private final WebhookSubscriptions subscriptions;
    private final WebhookDispatcher dispatcher;
    private final Caller caller;
    private final AuditLog audit;

    public WebhookResource(WebhookSubscriptions subscriptions, WebhookDispatcher dispatcher, Caller caller,
            AuditLog audit) {
        this.audit = audit;
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
        this.caller = caller;
    }

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
    @Operation(summary = "Subscribe a system to the feed", description = "Answers 201 with the subscription and its "
            + "`secret` (whsec_…, shown only here): calls carry webhook-id, webhook-timestamp and webhook-signature "
            + "(Standard Webhooks).")
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
    public List<Subscription> list(@QueryParam("agency") String agency, @QueryParam("limit") String limit) {
        return subscriptions.list(caller.scope(agency), QueryParams.limit(limit, 100, 500));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription: where its delivery stands, its failure streak, its last answer")
    public Subscription get(@PathParam("id") String id) {
        return owned(id);
    }

    @POST
    @Path("/{id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Activate a subscription again", description = "Forgets its failure streak and delivers "
            + "after `fromSequence` (absent: where it stopped).")
    @jakarta.transaction.Transactional
    public Subscription recover(@PathParam("id") String id,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = false) @Valid Recovery body) {
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
