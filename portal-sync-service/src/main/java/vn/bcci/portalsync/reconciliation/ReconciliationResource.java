package vn.bcci.portalsync.reconciliation;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;

/** Reconciliation with the portal's own view (TraCuuHoSo), on demand; the scheduled sample shows here too. */
@Path("/api/v1/reconciliations")
@Quota(Door.CONSOLE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
public class ReconciliationResource {
    @Inject
    Reconciler reconciler;
    @Inject
    Caller caller;
    @Inject
    AuditLog audit;

    /**
     * @param share for {@code SAMPLE}: the share of dossiers compared, more than 0 and at most 1
     * @param agency only this agency's dossiers (absent: all)
     */
    public record Request(@NotNull ReconciliationRun.Mode mode,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double share,
            @jakarta.validation.constraints.Pattern(regexp = vn.bcci.contracts.InputRules.AGENCY_CODE, message = vn.bcci.contracts.InputRules.AGENCY_CODE_RULE) String agency) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compare what the portal holds with what we sent, and repair the drift", description = """
            Answers 202 with the run (the one already queued or running for the same agency, if any); follow its \
            progress at its Location.""")
    @jakarta.transaction.Transactional
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "a 5 % sample of one agency", value = ApiExamples.RECONCILIATION_REQUEST)))
    @APIResponse(responseCode = "202", description = "queued: follow it by its id", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "queued", value = ApiExamples.RECONCILIATION)))
    @APIResponse(responseCode = "400", description = "a field breaks a rule; nothing is queued", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad share", value = ApiExamples.BAD_SHARE)))
    public Response request(@Valid Request body) {
        if (body == null) {
            throw ProblemException.invalid("mode", "is required (FULL or SAMPLE)");
        }
        ReconciliationRun run = reconciler.request(body.mode(), body.share(),
                body.agency() == null || body.agency().isBlank() ? null : body.agency().trim(), caller.name());
        audit.record(AuditLog.Action.START_RECONCILIATION, "reconciliation " + run.id(), run.agencyCode(),
                run.mode() + (body.share() != null ? " " + body.share() : ""));
        return Response.accepted(run).location(URI.create("/api/v1/reconciliations/" + run.id())).build();
    }

    @GET
    @Operation(summary = "Recent runs, newest first, with their progress")
    @APIResponse(responseCode = "200", description = "the runs", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "runs", value = ApiExamples.RECONCILIATIONS)))
    public List<ReconciliationRun> recent(@QueryParam("limit") String limit) {
        return reconciler.recent(QueryParams.limit(limit, 20, 200));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One run: progress (checked of total), drift found by kind, repairs, the drift itself")
    @APIResponse(responseCode = "200", description = "the run", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "run", value = ApiExamples.RECONCILIATION)))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_RECONCILIATION)))
    public ReconciliationRun get(@PathParam("id") String id) {
        try {
            return reconciler.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("reconciliation " + id);
        }
    }
}
