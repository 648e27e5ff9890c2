package vn.bcci.dossier.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.service.DossierService;
import vn.bcci.dossier.service.RegisterDossier;
import vn.bcci.support.Caller;

/** Agencies' one-stop systems register and read dossiers; operators read all. */
@Path("/api/v1/dossiers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DossierResource {
    private final DossierService dossiers;
    private final Caller caller;

    public DossierResource(DossierService dossiers, Caller caller) {
        this.dossiers = dossiers;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.AGENCY, Caller.ADMIN})
    public Response register(@NotNull @Valid RegisterDossier request) {
        Dossier d = dossiers.register(request, caller);
        return Response.created(URI.create("/api/v1/dossiers/" + d.code)).entity(DossierView.of(d)).build();
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public DossierView get(@PathParam("code") String code) {
        return DossierView.of(dossiers.find(code, caller));
    }

    @GET
    @Path("/{code}/timeline")
    @RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public TimelineView timeline(@PathParam("code") String code) {
        return TimelineView.of(code, dossiers.timeline(code, caller));
    }
}
