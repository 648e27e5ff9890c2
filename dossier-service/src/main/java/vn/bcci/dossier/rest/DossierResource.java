package vn.bcci.dossier.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.service.DossierQuery;
import vn.bcci.dossier.service.DossierService;
import vn.bcci.dossier.service.RegisterDossier;
import vn.bcci.dossier.service.Transition;
import vn.bcci.support.Caller;
import vn.bcci.support.QueryParams;

/** Agencies' one-stop systems register and read dossiers; operators read all. */
@Path("/api/v1/dossiers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DossierResource {
    private final DossierService dossiers;
    private final DossierQuery query;
    private final Caller caller;

    public DossierResource(DossierService dossiers, DossierQuery query, Caller caller) {
        this.dossiers = dossiers;
        this.query = query;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.AGENCY, Caller.ADMIN})
    public Response register(@NotNull @Valid RegisterDossier request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        DossierService.Registration r = dossiers.register(request, idempotencyKey, caller);
        Dossier d = r.dossier();
        return Response.created(URI.create("/api/v1/dossiers/" + d.code)).entity(DossierView.of(d))
                .header("Idempotent-Replayed", Boolean.toString(!r.created())).build();
    }

    public record DossierPage(List<DossierView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public DossierPage list(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("returnMethod") String returnMethod, @QueryParam("overdue") String overdue,
            @QueryParam("receivedFrom") String receivedFrom, @QueryParam("receivedTo") String receivedTo,
            @QueryParam("agency") String agency, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        DossierQuery.Filter filter = new DossierQuery.Filter(
                QueryParams.enumOf("status", status, DossierStatus.class),
                QueryParams.enumOf("channel", channel, Channel.class),
                QueryParams.enumOf("returnMethod", returnMethod, ReturnMethod.class),
                QueryParams.bool("overdue", overdue),
                QueryParams.instant("receivedFrom", receivedFrom), QueryParams.instant("receivedTo", receivedTo),
                agency);
        DossierQuery.Page page = query.list(filter, cursor, limit, caller);
        return new DossierPage(page.items().stream().map(DossierView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public DossierView get(@PathParam("code") String code) {
        return DossierView.of(dossiers.find(code, caller));
    }

    @POST
    @Path("/{code}/transitions")
    @RolesAllowed({Caller.AGENCY, Caller.ADMIN})
    public DossierView transition(@PathParam("code") String code, @NotNull @Valid Transition request) {
        return DossierView.of(dossiers.transition(code, request, caller));
    }

    @GET
    @Path("/{code}/timeline")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public TimelineView timeline(@PathParam("code") String code) {
        return TimelineView.of(code, dossiers.timeline(code, caller));
    }
}
