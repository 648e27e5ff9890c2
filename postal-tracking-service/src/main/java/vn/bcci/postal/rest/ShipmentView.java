package vn.bcci.postal.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.postal.domain.TrackingEvent;

/** A shipment with its whole event history (event-time order) and its canonical state. */
public record ShipmentView(String itemCode, Direction direction, String dossierCode, String agencyCode,
        String procedureCode, @JsonRawValue String sender, @JsonRawValue String receiver, Long codAmount, Long fees,
        ShipmentState state, Instant lastEventAt, Instant registeredAt, List<Event> events) {

    public record Event(String eventId, String statusCode, ShipmentState canonicalState, boolean knownCode,
            Instant occurredAt, Instant receivedAt, String postOfficeCode, String postOfficeName, String note) {
    }

    static ShipmentView of(Shipment s, List<TrackingEvent> history) {
        return new ShipmentView(s.itemCode, s.direction, s.dossierCode, s.agencyCode, s.procedureCode, s.sender,
                s.receiver, s.codAmount, s.fees, s.state, s.lastEventAt, s.registeredAt,
                history.stream().map(e -> new Event(e.eventId, e.statusCode, e.canonicalState, e.knownCode,
                        e.occurredAt, e.receivedAt, e.postOfficeCode, e.postOfficeName, e.note)).toList());
    }
}
