package vn.bcci.contracts.payload;

import java.time.Instant;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;

/**
 * Data of events on {@code shipment.events.v1}: the shipment's canonical state after the event, and the tracking event
 * that was recorded (absent for a registration).
 *
 * @param procedureCode on the registration of an inbound item: the procedure of the dossier slip the citizen signed
 * @param sender on the registration of an inbound item VNPost collected before the agency knew the dossier: the
 *        applicant, so that the dossier can appear (status 1); {@code null} otherwise
 * @param deliveryDueAt when the item should be delivered: its acceptance at the post office plus the leg's target in
 *        working days; {@code null} before acceptance
 * @param stalledSince set when the item has had no event for the configured time (cleared by its next event)
 * @param overdueSince set when the item passed its delivery target undelivered
 * @param itemSequence on {@code event-recorded}: the item's nth recorded event, counted from 1 in the order
 *        postal-tracking-service applied them (event-time order within a push); the item's events may reach a consumer
 *        over two keys (tracking number before its dossier was known, dossier code after), so a consumer that sees
 *        n + 1 before n knows n is on its way. {@code null} on other types.
 */
public record ShipmentEventData(
        String itemCode,
        Direction direction,
        String dossierCode,
        String agencyCode,
        ShipmentState state,
        ShipmentState previousState,
        TrackingEvent event,
        String procedureCode,
        Sender sender,
        Instant deliveryDueAt,
        Instant stalledSince,
        Instant overdueSince,
        Integer itemSequence) {

    /** Without an item sequence: registrations and flags. */
    public ShipmentEventData(String itemCode, Direction direction, String dossierCode, String agencyCode,
            ShipmentState state, ShipmentState previousState, TrackingEvent event, String procedureCode,
            Sender sender, Instant deliveryDueAt, Instant stalledSince, Instant overdueSince) {
        this(itemCode, direction, dossierCode, agencyCode, state, previousState, event, procedureCode, sender,
                deliveryDueAt, stalledSince, overdueSince, null);
    }

    /** Backwards-compatible constructor for events that carry no delivery target or flags. */
    public ShipmentEventData(String itemCode, Direction direction, String dossierCode, String agencyCode,
            ShipmentState state, ShipmentState previousState, TrackingEvent event, String procedureCode,
            Sender sender) {
        this(itemCode, direction, dossierCode, agencyCode, state, previousState, event, procedureCode, sender, null,
                null, null, null);
    }

    /** Backwards-compatible constructor for events that carry no registration details. */
    public ShipmentEventData(String itemCode, Direction direction, String dossierCode, String agencyCode,
            ShipmentState state, ShipmentState previousState, TrackingEvent event) {
        this(itemCode, direction, dossierCode, agencyCode, state, previousState, event, null, null, null, null, null,
                null);
    }

    /** Who handed the item to VNPost. */
    public record Sender(String name, String phone) {
    }

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
