package vn.bcci.contracts.payload;

import java.time.Instant;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;

/**
 * Data of every event on {@code dossier.events.v1}: the dossier as it stands after the change, with what changed. It
 * carries what portal-sync-service needs to build the portal record without calling back, and no more personal data
 * than the portal record needs.
 *
 * @param dueAt ngày hẹn trả
 * @param transition the move that caused this event; {@code null} for a registration
 * @param receivedFromPostAt handover of the inbound item to the agency
 * @param postalFlag an outbound delivery that failed or went back to the sender; status unchanged
 * @param postalStep the postal event this event records (on {@code postal-noted}, and on the status change a postal
 *        event caused: the result delivered by post); {@code null} otherwise. dossier-service is the one owner of a
 *        dossier's timeline: every postal event of a dossier reaches the portal through here, in the dossier's order.
 */
public record DossierEventData(
        String code,
        String agencyCode,
        String agencyName,
        String procedureCode,
        String procedureName,
        Channel channel,
        ReturnMethod returnMethod,
        DossierStatus status,
        Applicant applicant,
        String summary,
        Instant submittedAt,
        Instant acceptedAt,
        Instant dueAt,
        Instant finishedAt,
        Instant returnedAt,
        String inboundTrackingNumber,
        String outboundTrackingNumber,
        Transition transition,
        Instant receivedFromPostAt,
        String postalFlag,
        PostalStep postalStep) {

    /** Backwards-compatible constructor for events that carry no postal facts. */
    public DossierEventData(String code, String agencyCode, String agencyName, String procedureCode,
            String procedureName, Channel channel, ReturnMethod returnMethod, DossierStatus status, Applicant applicant,
            String summary, Instant submittedAt, Instant acceptedAt, Instant dueAt, Instant finishedAt,
            Instant returnedAt, String inboundTrackingNumber, String outboundTrackingNumber, Transition transition) {
        this(code, agencyCode, agencyName, procedureCode, procedureName, channel, returnMethod, status, applicant,
                summary, submittedAt, acceptedAt, dueAt, finishedAt, returnedAt, inboundTrackingNumber,
                outboundTrackingNumber, transition, null, null, null);
    }

    /** Backwards-compatible constructor for events that record no postal event. */
    public DossierEventData(String code, String agencyCode, String agencyName, String procedureCode,
            String procedureName, Channel channel, ReturnMethod returnMethod, DossierStatus status, Applicant applicant,
            String summary, Instant submittedAt, Instant acceptedAt, Instant dueAt, Instant finishedAt,
            Instant returnedAt, String inboundTrackingNumber, String outboundTrackingNumber, Transition transition,
            Instant receivedFromPostAt, String postalFlag) {
        this(code, agencyCode, agencyName, procedureCode, procedureName, channel, returnMethod, status, applicant,
                summary, submittedAt, acceptedAt, dueAt, finishedAt, returnedAt, inboundTrackingNumber,
                outboundTrackingNumber, transition, receivedFromPostAt, postalFlag, null);
    }

    /**
     * One postal event of the dossier's items, as dossier-service applied it.
     *
     * @param shipmentEventId the id of the {@code shipment.events.v1} event it came from
     */
    public record PostalStep(String shipmentEventId, String itemCode, Direction direction,
            ShipmentEventData.TrackingEvent event) {
    }

    /** The applicant (chủ hồ sơ) as the portal record needs it. */
    public record Applicant(String type, String name, String idNumber, String phone, String email) {
    }

    /** One status change: who, when, why. */
    public record Transition(DossierStatus from, DossierStatus to, Instant at, Handler handler, String note) {
    }

    /** Người xử lý, chức danh, phòng ban. */
    public record Handler(String name, String title, String department) {
        /**
         * VNPost, when a postal event moves the dossier (the result delivered by post sets status 10); that event
         * carries the step ({@code postalStep}), which is what the portal shows.
         */
        public static final Handler VNPOST = new Handler("VNPost", "Bưu điện", null);
    }
}
