package vn.bcci.contracts.payload;

import java.time.Instant;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;

/**
 * Data of events on {@code shipment.events.v1}: the shipment's canonical state after the event, and the tracking event
 * that was recorded (absent for a registration).
 */
public record ShipmentEventData(
        String itemCode,
        Direction direction,
        String dossierCode,
        String agencyCode,
        ShipmentState state,
        ShipmentState previousState,
        TrackingEvent event) {

    /**
     * One normalised VNPost event.
     *
     * @param statusCode the raw VNPost or UPU code
     * @param canonicalState {@code null} for an unknown code (kept raw, state unchanged)
     * @param receiverName masked unless the event is a delivery
     */
    public record TrackingEvent(
            String eventId,
            String statusCode,
            ShipmentState canonicalState,
            Instant occurredAt,
            String postOfficeCode,
            String postOfficeName,
            String note,
            String receiverName) {
    }
}
