package vn.bcci.support.outbox;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import vn.bcci.messaging.outbox.OutboxAdmin;
import vn.bcci.support.http.QueryParams;
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
    private final OutboxAdmin admin;
    private final Caller caller;

    public OutboxResource(OutboxAdmin admin, Caller caller) {
        this.admin = admin;
        this.caller = caller;
    }

    /** One page of dead rows and the cursor of the next ({@code null} at the end). */
    public record Page(List<OutboxAdmin.DeadRow> items, Long next) {
    }

    @GET
    @Path("/dead")
    @Operation(summary = "Events set aside as dead", description = "Events the broker refused "
            + "messaging.outbox.max-attempts times (too large, not allowed on their topic), oldest first, with the last "
            + "error; page with after= the previous page's next.")
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
