package vn.bcci.support.outbox;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.messaging.outbox.OutboxAdmin;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/**
 * Every service's outbox, for operators: the events the broker kept refusing (set aside as dead so that the rows
 * behind them went on), and a retry for each.
 */
@Path("/api/v1/outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
public class OutboxResource {
    @Inject
    OutboxAdmin admin;
    @Inject
    Caller caller;

    static final String DEAD_PAGE = """
            {"items": [{"id": 1207, "eventId": "0193a5c2-7d41-7b1e-9a3f-2c5d8e1f4a60", "topic": "dossier.events.v1",
              "key": "000.00.01.H22-261207-0042", "type": "vn.bcci.dossier.status-changed.v1",
              "subject": "000.00.01.H22-261207-0042", "eventTime": "2026-12-07T02:15:04.512Z",
              "createdAt": "2026-12-07T02:15:04.530Z", "attempts": 10, "deadAt": "2026-12-07T02:16:31.004Z",
              "lastError": "RecordTooLargeException: The message is 1048712 bytes when serialized"}],
             "next": null}""";
    static final String INVALID_AFTER = "after: must be the id a previous page gave as next";
    static final String NOT_FOUND = "dead outbox event 99";

    /** One page of dead rows and the cursor of the next ({@code null} at the end). */
    public record Page(List<OutboxAdmin.DeadRow> items, Long next) {
    }

    @GET
    @Path("/dead")
    @Operation(summary = "Events set aside as dead", description = "Events the broker refused "
            + "messaging.outbox.max-attempts times (too large, not allowed on their topic), oldest first, with the last "
            + "error; page with after= the previous page's next.")
    @APIResponse(responseCode = "200", description = "a page of dead events", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = DEAD_PAGE)))
    @APIResponse(responseCode = "400", description = "after or limit is not a number it can be", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid", value = INVALID_AFTER)))
    public Page dead(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        long from;
        try {
            from = after == null || after.isBlank() ? 0 : Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("after", "must be the id a previous page gave as next");
        }
        int size = QueryParams.limit(limit, 50, 500);
        List<OutboxAdmin.DeadRow> rows = admin.dead(from, size);
        return new Page(rows, rows.size() == size ? rows.get(rows.size() - 1).id() : null);
    }

    @POST
    @Path("/dead/{id}/retry")
    @Operation(summary = "Send a dead event again", description = "Puts it back in its lane with its attempts "
            + "forgotten; the relay sends it at its next round.")
    @APIResponse(responseCode = "204", description = "back in its lane")
    @APIResponse(responseCode = "404", description = "no dead event with this id", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = NOT_FOUND)))
    public void retry(@PathParam("id") String id) {
        long row;
        try {
            row = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("dead outbox event " + id);
        }
        if (!admin.retry(row, caller.name())) {
            throw ProblemException.notFound("dead outbox event " + id);
        }
    }
}
