package vn.bcci.portalsync.timeline;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.portalsync.ApiExamples;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;
import vn.bcci.support.text.Masking;

/**
 * {@code GET /api/v1/timeline/{codeOrTracking}}: the console's dossier page ({@link DossierTimeline}). An agency reads
 * its own dossiers only (another's answers 404, as an unknown one); texts are masked for whoever does not see the
 * dossier's personal data.
 */
@Path("/api/v1/timeline")
@Quota(Door.CONSOLE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
public class TimelineResource {
    @Inject
    DossierTimeline timeline;
    @Inject
    Caller caller;

    @GET
    @Path("/{codeOrTracking}")
    @Operation(summary = "One dossier's correlated timeline, by dossier code or tracking number (either leg)")
    @APIResponse(responseCode = "200", description = "the timeline", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "postal dossier", value = ApiExamples.TIMELINE)))
    @APIResponse(responseCode = "404", description = "no such dossier or item, or another agency's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_TIMELINE)))
    public DossierTimeline.View get(@PathParam("codeOrTracking") String key) {
        String wanted = key == null ? "" : key.trim();
        if (wanted.isEmpty() || wanted.length() > 64 || !wanted.matches("[A-Za-z0-9.\\-]+")) {
            throw ProblemException.invalid("codeOrTracking", "a dossier code or a tracking number (letters, digits, "
                    + "'.' and '-', at most 64)");
        }
        DossierTimeline.View view = timeline.resolve(wanted).flatMap(code -> timeline.of(code, Instant.now()))
                .filter(v -> caller.mayAccess(v.agencyCode()))
                .orElseThrow(() -> ProblemException.notFound("dossier or tracking number " + wanted));
        if (caller.seesPersonalDataOf(view.agencyCode())) {
            return view;
        }
        List<DossierTimeline.Line> masked = view.lines().stream().map(l -> new DossierTimeline.Line(l.at(), l.kind(),
                l.itemCode(), l.handler(), l.title(), l.department(), Masking.text(l.text()), l.delivery(),
                l.deliveredAt(), Masking.text(l.answer()))).toList();
        return new DossierTimeline.View(view.dossierCode(), view.agencyCode(), view.status(), view.portalStatus(),
                view.syncState(), view.inboundTrackingNumber(), view.receivedAt(), view.dueAt(), view.finishedAt(),
                view.clock(), masked);
    }
}
