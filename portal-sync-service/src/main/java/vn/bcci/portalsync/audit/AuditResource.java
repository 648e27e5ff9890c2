package vn.bcci.portalsync.audit;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.portalsync.ApiExamples;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;

/** {@code GET /api/v1/audit?limit=&before=}: what operators did, newest first ({@link AuditLog}). */
@Path("/api/v1/audit")
@Quota(Door.CONSOLE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
public class AuditResource {
    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "Operators' actions, newest first", description = """
            `before`: the id of the last one seen, for the next page.""")
    @APIResponse(responseCode = "200", description = "the actions", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "actions", value = ApiExamples.AUDIT)))
    @APIResponse(responseCode = "400", description = "before or limit is not a number it can be", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad before", value = ApiExamples.BAD_BEFORE)))
    public List<AuditLog.Entry> recent(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        Long from = null;
        if (before != null && !before.isBlank()) {
            try {
                from = Long.parseLong(before.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("before", "must be an action's id (a whole number)");
            }
        }
        return audit.recent(QueryParams.limit(limit, 50, 500), from);
    }
}
