package vn.bcci.portalsync;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.infra.testing.KafkaTestClient;

/** Dossier events as dossier-service publishes them, for the tests of every feature that starts from one. */
public final class DossierEvents {
    public static final String H22 = "000.00.01.H22";
    public static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 100_000);
    public static final Instant T0 = Instant.now().minusSeconds(3600);

    private DossierEvents() {
    }

    public static String newCode() {
        return H22 + "-261122-" + String.format("%05d", SEQ.incrementAndGet());
    }

    public static DossierEventData registered(String code, String tracking) {
        return new DossierEventData(code, H22, null, "1.001612", null, Channel.POSTAL, ReturnMethod.POSTAL,
                DossierStatus.SUBMITTED, new DossierEventData.Applicant("CITIZEN", "Nguyễn Văn An", "001203004567",
                        "0912345789", null),
                "Đăng ký khai sinh", T0, null, null, null, null, tracking, null, null);
    }

    /** The dossier {@code registered} accepted at {@code at} by the one-stop desk (status 2). */
    public static DossierEventData accepted(DossierEventData registered, Instant at) {
        return new DossierEventData(registered.code(), registered.agencyCode(), null, registered.procedureCode(), null,
                registered.channel(), registered.returnMethod(), DossierStatus.ACCEPTED, registered.applicant(),
                registered.summary(), registered.submittedAt(), at, null, null, null,
                registered.inboundTrackingNumber(), null,
                new DossierEventData.Transition(DossierStatus.SUBMITTED, DossierStatus.ACCEPTED, at,
                        new DossierEventData.Handler("Trần Văn Bình", "Chuyên viên", "Bộ phận một cửa"), null));
    }

    public static void publishDossier(DossierEventData data, String type, Instant time) {
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, data.code(), new CloudEvent(UUID.randomUUID().toString(), type,
                "/dossier-service", data.code(), time, EventJson.write(data)));
    }

    /** A postal step of the dossier's inbound item, as dossier-service publishes it (postal-noted). */
    public static CloudEvent milestone(String code, String tracking, ShipmentState state, int minutes) {
        ShipmentEventData.TrackingEvent event = new ShipmentEventData.TrackingEvent(null,
                state == ShipmentState.DELIVERED ? "EMI" : "EMA", state, T0.plusSeconds(minutes * 60L), "100000",
                "Bưu cục Hà Nội", null, null);
        DossierEventData r = registered(code, tracking);
        DossierEventData data = new DossierEventData(r.code(), r.agencyCode(), null, r.procedureCode(), null,
                r.channel(), r.returnMethod(), r.status(), r.applicant(), r.summary(), r.submittedAt(), null, null,
                null, null, tracking, null, null, state == ShipmentState.DELIVERED ? event.occurredAt() : null, null,
                new DossierEventData.PostalStep(UUID.randomUUID().toString(), tracking, Direction.INBOUND, event));
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.DOSSIER_POSTAL_NOTED, "/dossier-service", code,
                event.occurredAt(), EventJson.write(data));
    }

    /**
     * A dossier of {@code agency} as the report and the index count it: its status-changed event with its channel,
     * return method, receipt, due and finish (the event's time its finish, else its receipt).
     */
    public static void statusOf(String agency, String code, Channel channel, ReturnMethod returnMethod,
            DossierStatus status, Instant received, Instant due, Instant finished) {
        DossierEventData data = new DossierEventData(code, agency, null, "1.001612", null, channel, returnMethod,
                status, new DossierEventData.Applicant("CITIZEN", "Lê Thị Mai", "001203004567", "0912345789", null),
                "Đăng ký khai sinh", received, received.plusSeconds(3600), due, finished,
                status == DossierStatus.RESULT_RETURNED && finished != null ? finished.plusSeconds(86_400) : null,
                null, null, null);
        publishDossier(data, EventTypes.DOSSIER_STATUS_CHANGED, finished != null ? finished : received);
    }

    /**
     * A step of the dossier's inbound item (collected, delivered to the agency), as dossier-service publishes it
     * (postal-noted), the dossier otherwise as {@link #statusOf} left it.
     */
    public static void intakeStep(String agency, String code, DossierStatus status, Instant received,
            ShipmentState state, Instant at) {
        String tracking = TrackingNumber.of("EB", Math.abs(code.hashCode()) % 90_000_000);
        ShipmentEventData.TrackingEvent event = new ShipmentEventData.TrackingEvent(null,
                state == ShipmentState.DELIVERED ? "EMI" : "EMA", state, at, "100000", "Bưu cục Hà Nội", null, null);
        DossierEventData data = new DossierEventData(code, agency, null, "1.001612", null, Channel.POSTAL,
                ReturnMethod.POSTAL, status, new DossierEventData.Applicant("CITIZEN", "Lê Thị Mai", "001203004567",
                        "0912345789", null),
                "Đăng ký khai sinh", received, null, null, null, null, tracking, null, null,
                state == ShipmentState.DELIVERED ? at : null, null,
                new DossierEventData.PostalStep(UUID.randomUUID().toString(), tracking, Direction.INBOUND, event));
        publishDossier(data, EventTypes.DOSSIER_POSTAL_NOTED, at);
    }

    /** A step of the dossier's result by post (outbound), as postal-tracking publishes it. */
    public static void resultByPost(String agency, String code, ShipmentState state, Instant at) {
        ShipmentEventData data = new ShipmentEventData(TrackingNumber.of("RR", Math.abs(code.hashCode()) % 90_000_000),
                Direction.OUTBOUND, code, agency, state, null,
                new ShipmentEventData.TrackingEvent(null, state.name(), state, at, "100000", "Bưu cục Hà Nội", null,
                        null));
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.SHIPMENT_EVENT_RECORDED, "/postal-tracking-service", code, at, EventJson.write(data)));
    }
}
