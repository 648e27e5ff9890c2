package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.support.security.Caller;
import vn.bcci.support.text.Masking;

/**
 * A shipment with its canonical state, its delivery target and flags, and (for one shipment, not in lists) its parties
 * and whole event history in event-time order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShipmentView(String itemCode, Direction direction, String dossierCode, String agencyCode,
        String procedureCode, @JsonRawValue String sender, @JsonRawValue String receiver, Long codAmount, Long fees,
        ShipmentState state, Instant lastEventAt, Instant registeredAt, Instant acceptedAt, Instant deliveryDueAt,
        Instant stalledSince, Instant overdueSince, List<Event> events) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Event(String eventId, String statusCode, ShipmentState canonicalState, boolean knownCode,
            Instant occurredAt, Instant receivedAt, String postOfficeCode, String postOfficeName, String note) {
    }

    /** The shipment as {@code caller} may see it: parties and notes masked unless {@link Caller#seesPersonalDataOf}. */
    static ShipmentView of(Shipment s, List<TrackingEvent> history, Caller caller) {
        boolean clear = caller.seesPersonalDataOf(s.agencyCode);
        return new ShipmentView(s.itemCode, s.direction, s.dossierCode, s.agencyCode, s.procedureCode,
                clear ? s.sender : masked(s.sender), clear ? s.receiver : masked(s.receiver), s.codAmount, s.fees,
                s.state, s.lastEventAt, s.registeredAt, s.acceptedAt, s.deliveryDueAt, s.stalledSince,
                s.overdueSince,
                history.stream().map(e -> new Event(e.eventId, e.statusCode, e.canonicalState, e.knownCode,
                        e.occurredAt, e.receivedAt, e.postOfficeCode, e.postOfficeName,
                        clear ? e.note : Masking.text(e.note))).toList());
    }

    private static String masked(String party) {
        if (party == null) {
            return null;
        }
        RegisterShipment.Party p = EventJson.read(party, RegisterShipment.Party.class);
        return EventJson.write(new RegisterShipment.Party(Masking.name(p.name()), Masking.phone(p.phone()),
                p.address() == null ? null : "***", p.province()));
    }

    /** For lists: no parties (personal data), no history. */
    static ShipmentView summary(Shipment s) {
        return new ShipmentView(s.itemCode, s.direction, s.dossierCode, s.agencyCode, s.procedureCode, null, null,
                s.codAmount, s.fees, s.state, s.lastEventAt, s.registeredAt, s.acceptedAt, s.deliveryDueAt,
                s.stalledSince, s.overdueSince, null);
    }
}
