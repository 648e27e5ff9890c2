package vn.bcci.postal.shipments;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.postal.ApiExamples;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.security.Caller;

@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShipmentResource {
    @Inject
    ShipmentService shipments;
    @Inject
    ShipmentStore query;
    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    @Operation(summary = "Register a postal item", description = """
            VNPost registers an item it carries for a dossier: the outbound result's item, or an inbound item \
            collected before the agency registered the dossier. Parties are personal data: masked in answers to \
            callers who may not see them.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "outbound result", value = ApiExamples.REGISTER)))
    @APIResponse(responseCode = "201", description = "registered", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "shipment", value = ApiExamples.SHIPMENT)))
    @APIResponse(responseCode = "400", description = "a field breaks a rule; nothing is stored", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "check digit", value = ApiExamples.INVALID_ITEM)))
    @APIResponse(responseCode = "409", description = "the item is registered already", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "taken", value = ApiExamples.ALREADY_REGISTERED)))
    public Response register(@NotNull @Valid RegisterShipment request) {
        Shipment s = shipments.register(request);
        return Response.created(URI.create("/api/v1/shipments/" + s.itemCode))
                .entity(ShipmentView.of(s, TrackingEvent.history(s.itemCode), caller)).build();
    }

    public record ShipmentPage(List<ShipmentView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Caller.POSTAL, Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    @Operation(summary = "List shipments", description = """
            Filters: state, direction, stalled, overdue (past the delivery's due time), agency (operators and \
            VNPost), dossierCode. Keyset paging: pass nextCursor back as cursor; limit 1 to 500 (50). An agency sees \
            only its own items.""")
    @APIResponse(responseCode = "200", description = "a page of shipments", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = ApiExamples.SHIPMENTS)))
    @APIResponse(responseCode = "400", description = "a filter or the cursor is not one this list takes", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "filter", value = ApiExamples.INVALID_FILTER)))
    public ShipmentPage list(@QueryParam("state") String state, @QueryParam("direction") String direction,
            @QueryParam("stalled") String stalled, @QueryParam("overdue") String overdue,
            @QueryParam("agency") String agency, @QueryParam("dossierCode") String dossierCode,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        ShipmentStore.Filter filter = new ShipmentStore.Filter(
                QueryParams.enumOf("state", state, ShipmentState.class),
                QueryParams.enumOf("direction", direction, Direction.class),
                QueryParams.bool("stalled", stalled), QueryParams.bool("overdue", overdue),
                blankToNull(agency), blankToNull(dossierCode));
        ShipmentStore.Page page = query.list(filter, cursor, QueryParams.limit(limit, 50, 500), caller);
        return new ShipmentPage(page.items().stream().map(ShipmentView::summary).toList(), page.nextCursor());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @GET
    @Path("/{itemCode}")
    @RolesAllowed({Caller.POSTAL, Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    @Operation(summary = "One shipment with its tracking history", description = """
            Events in the order they happened, with VNPost's code and the state it means.""")
    @APIResponse(responseCode = "200", description = "the shipment", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "in transit", value = ApiExamples.SHIPMENT)))
    @APIResponse(responseCode = "404", description = "no such item, or another agency's", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown", value = ApiExamples.NOT_FOUND)))
    public ShipmentView get(@PathParam("itemCode") String itemCode) {
        Shipment s = shipments.find(itemCode, caller);
        return ShipmentView.of(s, TrackingEvent.history(s.itemCode), caller);
    }
}
