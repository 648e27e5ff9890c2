package vn.bcci.dossier.catalogue;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
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

import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/** The procedure catalogue as this service knows it: what may be registered, and whether by post. */
@Path("/api/v1/procedures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN, Caller.POSTAL})
public class ProcedureResource {
    private static final String PAGE_EXAMPLE = "{\"items\": [{\"code\": \"1.001612\", \"name\": \"Đăng ký khai sinh\", "
            + "\"agencyCode\": \"000.00.01.H22\", \"processingDays\": 1, \"postalIntake\": true, "
            + "\"postalReturn\": true}], \"nextCursor\": null}";
    private static final String PROCEDURE_EXAMPLE = "{\"code\": \"1.001612\", \"name\": \"Đăng ký khai sinh\", "
            + "\"agencyCode\": \"000.00.01.H22\", \"processingDays\": 1, \"postalIntake\": true, "
            + "\"postalReturn\": true}";
    private static final String NOT_FOUND = "no procedure 9.999999 in the catalogue";

    public record ProcedureView(String code, String name, String agencyCode, int processingDays,
            boolean postalIntake, boolean postalReturn) {
        static ProcedureView of(Procedure p) {
            return new ProcedureView(p.code, p.name, p.agencyCode, p.processingDays, p.postalIntake, p.postalReturn);
        }
    }

    public record ProcedurePage(List<ProcedureView> items, String nextCursor) {
    }

    @Operation(summary = "The procedure catalogue", description = """
            As published by portal-sync-service from the portal, paged by code; postalIntake/postalReturn say whether \
            dossiers and results may travel by post.""")
    @APIResponse(responseCode = "200", description = "a page of procedures", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @GET
    public ProcedurePage list(@QueryParam("cursor") @DefaultValue("") String cursor,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.limit(limitParam, 100, 500);
        List<Procedure> rows = Procedure.<Procedure>find("code > ?1 order by code", cursor).page(0, limit + 1).list();
        List<ProcedureView> items = rows.stream().limit(limit).map(ProcedureView::of).toList();
        return new ProcedurePage(items, rows.size() > limit ? items.get(items.size() - 1).code() : null);
    }

    @Operation(summary = "One procedure of the catalogue")
    @APIResponse(responseCode = "200", description = "the procedure", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "procedure", value = PROCEDURE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "not in the catalogue", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unknown", value = NOT_FOUND)))
    @GET
    @Path("/{code}")
    public ProcedureView get(@PathParam("code") String code) {
        Procedure p = Procedure.findById(code);
        if (p == null) {
            throw ProblemException.notFound("no procedure " + code + " in the catalogue");
        }
        return ProcedureView.of(p);
    }
}
