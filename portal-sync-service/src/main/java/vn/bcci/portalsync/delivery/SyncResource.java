package vn.bcci.portalsync.delivery;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
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

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

import vn.bcci.portalsync.ApiExamples;
import vn.bcci.portalsync.audit.AuditLog;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.portal.PortalAnswerLog;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;
import vn.bcci.support.text.Masking;

/** Operators see what the portal holds for a dossier and how it got there, list parked dossiers and resend them. */
@Path("/api/v1/sync")
@Quota(Door.CONSOLE)
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {
    @Inject
    Caller caller;
    @Inject
    SyncWorker worker;
    @Inject
    ObjectMapper json;

    @Inject
    SyncMetrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    PortalAnswerLog answerLog;
    @Inject
    AuditLog audit;
    @Inject
    DeliveryStore store;

    public record SyncView(String dossierCode, String agencyCode, String syncState, boolean portalHolds,
            int portalStatus, long revision, long ackedRevision, int attempts, String lastAnswer, Instant changedAt,
            Instant syncedAt, long entriesOwed, long entriesSent, @JsonRawValue String record) {
    }

    public record SyncPage(List<SyncView> items, String nextCursor) {
    }

    /**
     * The health of the delivery at a glance (the dashboard's): the figures of the last metrics refresh, the circuit,
     * and the portal's answers since this instance started, by service and answer.
     */
    /** @param deadLetters records this instance's consumers dead-lettered since it started, by topic */
    public record Summary(SyncMetrics.Snapshot sync, boolean breakerOpen, long sessionRenewals,
            java.util.Map<String, Long> calls, java.util.Map<String, Long> deadLetters) {
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
    @Operation(summary = "Where synchronisation stands", description = "Lag, parked, owed; the circuit; the portal's answers by service and code since this instance started; dead letters by topic.")
    @APIResponse(responseCode = "200", description = "the summary", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "summary", value = ApiExamples.SYNC_SUMMARY)))
    public Summary summary() {
        java.util.Map<String, Long> calls = new java.util.TreeMap<>();
        registry.find("portal.calls").counters().forEach(c -> calls.merge(
                c.getId().getTag("service") + ":" + c.getId().getTag("answer"), (long) c.count(), Long::sum));
        io.micrometer.core.instrument.Counter renewals = registry.find("portal.session.renewals").counter();
        java.util.Map<String, Long> deadLetters = new java.util.TreeMap<>();
        registry.find("consumer.dead.letters").counters().forEach(c -> deadLetters.merge(c.getId().getTag("topic"),
                (long) c.count(), Long::sum));
        return new Summary(metrics.snapshot(), worker.breakerOpen(),
                renewals == null ? 0 : (long) renewals.count(), calls, deadLetters);
    }

    @GET
    @Path("/answers")
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "The portal's answers per minute", description = """
            Over the last `minutes` (60 by default, at most 1440), oldest first, by answer (`0`, `2`, `3`, `4`, `-1`, \
            `9`, `http503`, `timeout`, …), every instance's calls together; one agency's with `agency` (an agency: \
            its own).""")
    @APIResponse(responseCode = "200", description = "calls per minute and answer", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "answers", value = ApiExamples.ANSWERS)))
    @APIResponse(responseCode = "400", description = "minutes is not a whole number from 1 to 1440", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad minutes", value = ApiExamples.BAD_MINUTES)))
    public java.util.List<PortalAnswerLog.Count> answers(@QueryParam("minutes") String minutes,
            @QueryParam("agency") String agency) {
        return answerLog.lastMinutes(vn.bcci.support.http.QueryParams.wholeNumber("minutes", minutes, 60, 1440),
                caller.scope(agency));
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "One dossier as the portal should hold it", description = "Its sync state, revisions acknowledged, last answer, progress entries owed and sent, and the record sent (personal data masked unless the caller may see it).")
    @APIResponse(responseCode = "200", description = "the dossier", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "parked", value = ApiExamples.SYNC_VIEW)))
    @APIResponse(responseCode = "404", description = "not known here, or another agency's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_SYNC)))
    public SyncView get(@PathParam("code") String code) {
        PortalDossier d = PortalDossier.findById(code);
        if (d == null || !caller.mayAccess(d.agencyCode)) {
            throw ProblemException.notFound("no synchronised dossier " + code);
        }
        return view(d);
    }

    @GET
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
    @Operation(summary = "Dossiers by sync state", description = "state: PENDING, SYNCED or PARKED (the default); paged by code: pass nextCursor back as cursor.")
    @APIResponse(responseCode = "200", description = "a page", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "parked", value = ApiExamples.SYNC_PAGE)))
    @APIResponse(responseCode = "400", description = "not a sync state", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad state", value = ApiExamples.BAD_STATE)))
    public SyncPage list(@QueryParam("state") @DefaultValue("PARKED") String state,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam) {
        int limit = QueryParams.limit(limitParam, 50, 500);
        PortalDossier.SyncState wanted;
        try {
            wanted = PortalDossier.SyncState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "must be one of PENDING, SYNCED, PARKED");
        }
        List<PortalDossier> rows = PortalDossier
                .find("syncState = ?1 and code > ?2 order by code", wanted, cursor == null ? "" : cursor)
                .page(0, limit + 1).list();
        boolean more = rows.size() > limit;
        List<PortalDossier> page = rows.stream().limit(limit).toList();
        java.util.Map<String, DeliveryStore.EntryCounts> counts = store
                .entryCounts(page.stream().map(d -> d.code).toList());
        List<SyncView> items = page.stream().map(d -> view(d, counts.get(d.code))).toList();
        return new SyncPage(items, more ? items.get(items.size() - 1).dossierCode() : null);
    }

    @POST
    @Path("/{code}/retry")
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN})
    @Transactional
    @Operation(summary = "Send a dossier again, whole", description = "Makes it owed again, a parked one too: its record and what it still owes go at the next round. Audited.")
    @APIResponse(responseCode = "200", description = "owed again", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "owed", value = ApiExamples.SYNC_VIEW)))
    @APIResponse(responseCode = "404", description = "not known here", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NO_SYNC)))
    public SyncView retry(@PathParam("code") String code) {
        PortalDossier d = PortalDossier.lock(code);
        if (d == null) {
            throw ProblemException.notFound("no synchronised dossier " + code);
        }
        audit.record(AuditLog.Action.RESEND_DOSSIER, code, d.agencyCode, "was " + d.syncState + ": "
                + Masking.text(d.lastAnswer));
        d.syncState = PortalDossier.SyncState.PENDING;
        d.leaseUntil = null;
        worker.wake();
        return view(d);
    }

    private SyncView view(PortalDossier d) {
        return view(d, store.entryCounts(List.of(d.code)).get(d.code));
    }

    private SyncView view(PortalDossier d, DeliveryStore.EntryCounts entries) {
        boolean clear = caller.seesPersonalDataOf(d.agencyCode);
        return new SyncView(d.code, d.agencyCode, d.syncState.name(), d.portalHolds, d.statusCode, d.revision,
                d.ackedRevision, d.attempts, clear ? d.lastAnswer : Masking.text(d.lastAnswer), d.changedAt,
                d.syncedAt, entries.owed(), entries.sent(), clear ? d.record : masked(d.record));
    }

    /**
     * The record as the portal holds it, for a caller who does not see personal data ({@link Caller#seesPersonalDataOf}):
     * the applicant's name, ID number, phone and e-mail masked, the free text too.
     */
    private String masked(String record) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(record);
            node.put("ChuHoSo", Masking.name(node.path("ChuHoSo").asText("")));
            node.put("SoGiayToChuHoSo", Masking.idNumber(node.path("SoGiayToChuHoSo").asText("")));
            node.put("SoDienThoai", Masking.phone(node.path("SoDienThoai").asText("")));
            node.put("Email", Masking.email(node.path("Email").asText("")));
            node.put("TrichYeuHoSo", Masking.text(node.path("TrichYeuHoSo").asText("")));
            node.put("GhiChu", Masking.text(node.path("GhiChu").asText("")));
            return json.writeValueAsString(node);
        } catch (IOException e) {
            return "{}";
        }
    }
}
