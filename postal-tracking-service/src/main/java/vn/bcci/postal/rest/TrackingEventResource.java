package vn.bcci.postal.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.postal.service.IngestOutcome;
import vn.bcci.postal.service.TrackingService;
import vn.bcci.support.Caller;

/** VNPost's HTTP door: a batch of up to 500 raw events, one outcome per event. */
@Path("/api/v1/tracking-events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrackingEventResource {
    private final TrackingService tracking;

    public TrackingEventResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    public record BatchAnswer(int accepted, int duplicate, int rejected, List<IngestOutcome> results) {
    }

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    public BatchAnswer push(
            @NotNull @Size(min = 1, max = 500, message = "must hold 1 to 500 events") List<VnpostTrackingEvent> events) {
        List<IngestOutcome> results = tracking.ingestAll(events);
        return new BatchAnswer(
                (int) results.stream().filter(r -> IngestOutcome.ACCEPTED.equals(r.outcome())).count(),
                (int) results.stream().filter(r -> IngestOutcome.DUPLICATE.equals(r.outcome())).count(),
                (int) results.stream().filter(IngestOutcome::rejected).count(),
                results);
    }
}
