package vn.bcci.dossier.registration;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

import vn.bcci.dossier.ApiExamples;
import vn.bcci.dossier.lifecycle.Dossier;
import vn.bcci.dossier.lifecycle.DossierView;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.security.Caller;

/** Agencies' one-stop systems register dossiers (reading and moving them: {@code lifecycle.DossierResource}). */
@Path("/api/v1/dossiers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegistrationResource {
    @Inject
    Registrations registrations;
    @Inject
    Caller caller;

    @Operation(summary = "Register a dossier", description = "Agencies register their own dossiers. The code is generated as {agencyCode}-{yyMMdd}-{seq} when absent. Idempotency-Key makes a retried request return the first answer. A dossier VNPost collected first is completed, not doubled.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "postal dossier", value = ApiExamples.REGISTER)))
    @APIResponses({
            @APIResponse(responseCode = "201", description = "registered (or the first answer to a retried Idempotency-Key)", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "dossier", value = ApiExamples.DOSSIER))),
            @APIResponse(responseCode = "400", description = "a field breaks a rule; nothing is stored", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID))),
            @APIResponse(responseCode = "403", description = "the token's agency is another", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "forbidden", value = ApiExamples.FORBIDDEN))),
            @APIResponse(responseCode = "409", description = "the code or the inbound item is already taken"),
            @APIResponse(responseCode = "422", description = "the Idempotency-Key was used for a different request", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "replay_mismatch", value = ApiExamples.REPLAY_MISMATCH))),
            @APIResponse(responseCode = "401", description = "no or invalid bearer token")})
    @POST
    @RolesAllowed({Caller.AGENCY, Caller.ADMIN})
    public Response register(@NotNull @Valid RegisterDossier request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Registrations.Registration r = registrations.register(request, idempotencyKey, caller);
        Dossier d = r.dossier();
        return Response.created(URI.create("/api/v1/dossiers/" + d.code)).entity(DossierView.of(d, caller))
                .header("Idempotent-Replayed", Boolean.toString(!r.created())).build();
    }
}
