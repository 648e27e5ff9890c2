package vn.bcci.postal.rest;

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

import vn.bcci.postal.domain.Shipment;
import vn.bcci.postal.domain.TrackingEvent;
import vn.bcci.postal.service.RegisterShipment;
import vn.bcci.postal.service.ShipmentService;
import vn.bcci.support.Caller;

@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShipmentResource {
    private final ShipmentService shipments;
    private final Caller caller;

    public ShipmentResource(ShipmentService shipments, Caller caller) {
        this.shipments = shipments;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.POSTAL, Caller.ADMIN})
    public Response register(@NotNull @Valid RegisterShipment request) {
        Shipment s = shipments.register(request);
        return Response.created(URI.create("/api/v1/shipments/" + s.itemCode))
                .entity(ShipmentView.of(s, TrackingEvent.history(s.itemCode))).build();
    }

    @GET
    @Path("/{itemCode}")
    @RolesAllowed({Caller.POSTAL, Caller.AGENCY, Caller.OPERATOR, Caller.ADMIN})
    public ShipmentView get(@PathParam("itemCode") String itemCode) {
        Shipment s = shipments.find(itemCode, caller);
        return ShipmentView.of(s, TrackingEvent.history(s.itemCode));
    }
}
