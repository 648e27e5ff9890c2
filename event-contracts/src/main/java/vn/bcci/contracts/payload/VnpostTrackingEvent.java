package vn.bcci.contracts.payload;

/**
 * A raw VNPost tracking event as pushed over HTTP and published on {@code vnpost.tracking.v1}: the same JSON on both
 * doors. {@code eventId} may be missing; then the content identifies the event. Fields this version does not know are
 * ignored: a carrier feed grows on its own schedule.
 *
 * @param orderNumber the dossier code, or empty
 * @param statusCode a VNPost numeric status ("14") or a UPU EMSEVT code ("EMI")
 * @param occurredAt ISO-8601 with offset, e.g. 2026-11-22T09:15:00+07:00
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record VnpostTrackingEvent(
        String eventId,
        String itemCode,
        String orderNumber,
        String statusCode,
        String occurredAt,
        PostOffice postOffice,
        String note,
        String receiverName) {

    public record PostOffice(String code, String name) {
    }
}
