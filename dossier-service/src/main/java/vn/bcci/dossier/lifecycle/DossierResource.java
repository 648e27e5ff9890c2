package vn.bcci.dossier.lifecycle;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.dossier.ApiExamples;
import vn.bcci.dossier.timeline.TimelineView;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.security.Caller;

/**
 * Agencies' one-stop systems read and move their dossiers; operators read all (registration:
 * {@code registration.RegistrationResource}, on the same path).
 */
@Path("/api/v1/dossiers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DossierResource {
    @Inject
    Transitions dossiers;
    @Inject
    DossierStore query;
    @Inject
    Caller caller;

    public record DossierPage(List<DossierView> items, String nextCursor) {
    }

    @Operation(summary = "List dossiers", description = "Filters: status, channel, returnMethod, overdue, receivedFrom/receivedTo (submission time), agency (operators). Oldest first; overdue=true: most overdue first (by due date). Keyset paging: pass nextCursor back as cursor. An agency sees only its own.")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of dossiers", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = ApiExamples.PAGE))),
            @APIResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID))),
            @APIResponse(responseCode = "403", description = "an agency asked for another agency", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "forbidden", value = ApiExamples.FORBIDDEN))),
            @APIResponse(responseCode = "401", description = "no or invalid bearer token")})
    @GET
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public DossierPage list(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("returnMethod") String returnMethod, @QueryParam("overdue") String overdue,
            @QueryParam("receivedFrom") String receivedFrom, @QueryParam("receivedTo") String receivedTo,
            @QueryParam("agency") String agency, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        DossierStore.Filter filter = new DossierStore.Filter(
                QueryParams.enumOf("status", status, DossierStatus.class),
                QueryParams.enumOf("channel", channel, Channel.class),
                QueryParams.enumOf("returnMethod", returnMethod, ReturnMethod.class),
                QueryParams.bool("overdue", overdue),
                QueryParams.instant("receivedFrom", receivedFrom), QueryParams.instant("receivedTo", receivedTo),
                agency);
        DossierStore.Page page = query.list(filter, cursor, QueryParams.limit(limit, 50, 500), caller);
        return new DossierPage(page.items().stream().map(d -> DossierView.of(d, caller)).toList(), page.nextCursor());
    }

    @Operation(summary = "A dossier", description = "Another agency's dossier is answered 404, exactly like one that does not exist.")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the dossier", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "dossier", value = ApiExamples.DOSSIER))),
            @APIResponse(responseCode = "404", description = "no such dossier for this caller", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not_found", value = ApiExamples.NOT_FOUND))),
            @APIResponse(responseCode = "401", description = "no or invalid bearer token")})
    @GET
    @Path("/{code}")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public DossierView get(@PathParam("code") String code) {
        return DossierView.of(dossiers.find(code, caller), caller);
    }

    @Operation(summary = "Move a dossier through the status machine", description = "Statuses and allowed moves follow docs/domain.md section 3. 'at' defaults to now and may be in the past, never before the previous change nor more than 2 minutes in the future. newDueAt re-dates the dossier (apology slip); with 'to' equal to the current status it is an apology alone.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "accept", value = ApiExamples.TRANSITION),
            @ExampleObject(name = "apology slip", value = ApiExamples.APOLOGY)}))
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the dossier after the move", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "dossier", value = ApiExamples.DOSSIER))),
            @APIResponse(responseCode = "400", description = "a field breaks a rule", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID))),
            @APIResponse(responseCode = "404", description = "no such dossier for this caller", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not_found", value = ApiExamples.NOT_FOUND))),
            @APIResponse(responseCode = "409", description = "the status machine forbids the move; 'allowed' lists the next statuses", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "conflict", value = ApiExamples.CONFLICT))),
            @APIResponse(responseCode = "401", description = "no or invalid bearer token")})
    @POST
    @Path("/{code}/transitions")
    @RolesAllowed({Caller.AGENCY, Caller.ADMIN})
    public DossierView transition(@PathParam("code") String code, @NotNull @Valid Transition request) {
        return DossierView.of(dossiers.transition(code, request, caller), caller);
    }

    @Operation(summary = "A dossier's timeline", description = "Status changes, due-date changes, postal events of both legs and portal outcomes, in event-time order, each with its source.")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the timeline", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "timeline", value = ApiExamples.TIMELINE))),
            @APIResponse(responseCode = "404", description = "no such dossier for this caller", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not_found", value = ApiExamples.NOT_FOUND))),
            @APIResponse(responseCode = "401", description = "no or invalid bearer token")})
    @GET
    @Path("/{code}/timeline")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public TimelineView timeline(@PathParam("code") String code) {
        Dossier d = dossiers.find(code, caller);
        return TimelineView.of(code, d.agencyCode, dossiers.timeline(code, caller), caller);
    }
}
