package vn.bcci.portalsync.alerts;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/**
 * {@code GET /api/v1/alerts}: how many of each alert ({@link Alerts}); {@code GET /api/v1/alerts/{kind}}: the list. An
 * agency sees its own only.
 */
@Path("/api/v1/alerts")
@Quota(Door.CONSOLE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
public class AlertResource {
    @Inject
    Alerts alerts;
    @Inject
    Caller caller;
    private final Clock clock = Clock.systemUTC();

    @GET
    @Operation(summary = "How many alerts of each kind", description = """
            Due within one working day, overdue, stalled or late shipments, failed deliveries, parked dossiers, \
            disabled webhooks, unrepaired reconciliation drift.""")
    @APIResponse(responseCode = "200", description = "counts by kind", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "counts", value = ApiExamples.ALERT_COUNTS)))
    public Alerts.Summary summary(@QueryParam("agency") String agency) {
        return alerts.summary(caller.scope(agency), clock.instant());
    }

    @GET
    @Path("/{kind}")
    @Operation(summary = "The alerts of one kind, oldest or soonest due first")
    @APIResponse(responseCode = "200", description = "the alerts", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "stalled items", value = ApiExamples.ALERTS)))
    @APIResponse(responseCode = "400", description = "not a kind of alert", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad kind", value = ApiExamples.BAD_KIND)))
    public List<Alerts.Alert> list(@PathParam("kind") String kind, @QueryParam("agency") String agency,
            @QueryParam("limit") String limit) {
        Alerts.Kind k;
        try {
            k = Alerts.Kind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("kind", "one of " + Arrays.toString(Alerts.Kind.values()));
        }
        return alerts.list(k, caller.scope(agency), clock.instant(), QueryParams.limit(limit, 100, 500));
    }
}
