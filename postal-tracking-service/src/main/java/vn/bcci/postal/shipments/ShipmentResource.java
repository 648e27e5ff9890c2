package vn.bcci.postal.shipments;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.security.Caller;

@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShipmentResource {
    private final ShipmentService shipments;
    private final ShipmentStore query;
    private final Caller caller;

    public ShipmentResource(ShipmentService shipments, ShipmentStore query, Caller caller) {
        this.shipments = shipments;
        this.query = query;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    public Response register(@NotNull @Valid RegisterShipment request) {
        Shipment s = shipments.register(request);
        return Response.created(URI.create("/api/v1/shipments/" + s.itemCode))
                .entity(ShipmentView.of(s, TrackingEvent.history(s.itemCode), caller)).build();
    }

    public record ShipmentPage(List<ShipmentView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Caller.POSTAL, Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
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
    public ShipmentView get(@PathParam("itemCode") String itemCode) {
        Shipment s = shipments.find(itemCode, caller);
        return ShipmentView.of(s, TrackingEvent.history(s.itemCode), caller);
    }
}
