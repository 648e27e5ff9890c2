package vn.bcci.postal;

/**
 * The examples postal-tracking-service's OpenAPI document shows on each operation (Swagger UI), as VNPost's systems
 * and the agencies would send and receive them; personal data as an operator sees it, masked.
 */
public final class ApiExamples {
    private ApiExamples() {
    }

    public static final String PUSH = """
            [{"eventId": "vnp-3580af334b5c7422", "itemCode": "EB123456785VN", "orderNumber": "",
              "statusCode": "EMA", "occurredAt": "2026-12-07T09:15:00+07:00",
              "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}},
             {"eventId": "vnp-a08d964e73a55bd1", "itemCode": "EB123456785VN", "orderNumber": "",
              "statusCode": "EMB", "occurredAt": "2026-12-07T14:02:00+07:00",
              "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}},
             {"eventId": "vnp-bad", "itemCode": "EB123456780VN", "statusCode": "EMA",
              "occurredAt": "2026-12-07T09:15:00+07:00"}]""";

    public static final String PUSH_ANSWER = """
            {"accepted": 1, "duplicate": 1, "rejected": 1, "results": [
              {"index": 0, "eventId": "vnp-3580af334b5c7422", "itemCode": "EB123456785VN", "outcome": "accepted"},
              {"index": 1, "eventId": "vnp-a08d964e73a55bd1", "itemCode": "EB123456785VN", "outcome": "duplicate"},
              {"index": 2, "eventId": "vnp-bad", "itemCode": "EB123456780VN", "outcome": "rejected",
               "reason": "itemCode has a wrong check digit: expected 5"}]}""";

    public static final String PUSH_INVALID = "body: must be a JSON array of 1 to 500 events";

    public static final String PUSH_REPLAYED = """
            {"type": "about:blank", "title": "webhook-id reused", "status": 409,
             "detail": "webhook-id msg_2f1c was already used for a different body", "instance": "/api/v1/tracking-events",
             "errors": [{"field": "webhook-id", "rule": "must be new for a different body"}]}""";

    public static final String REGISTER = """
            {"itemCode": "EC123456789VN", "direction": "OUTBOUND", "dossierCode": "000.00.01.H22-261207-0042",
             "agencyCode": "000.00.01.H22", "procedureCode": "1.001612",
             "sender": {"name": "UBND phường Hàng Bài", "phone": "0243825xxxx", "address": "12 Hàng Bài",
                        "province": "Hà Nội"},
             "receiver": {"name": "Nguyễn Văn An", "phone": "0912345789", "address": "25 Lý Thường Kiệt, Hoàn Kiếm",
                          "province": "Hà Nội"},
             "codAmount": 0, "fees": 22000}""";

    public static final String SHIPMENT = """
            {"itemCode": "EB123456785VN", "direction": "INBOUND", "dossierCode": "000.00.01.H22-261207-0042",
             "agencyCode": "000.00.01.H22", "procedureCode": "1.001612",
             "sender": {"name": "N. V. A.", "phone": "09x****789", "address": "***", "province": "Hà Nội"},
             "receiver": {"name": "UBND phường Hàng Bài", "phone": null, "address": null, "province": "Hà Nội"},
             "codAmount": null, "fees": null, "state": "IN_TRANSIT", "lastEventAt": "2026-12-07T07:02:00Z",
             "registeredAt": "2026-12-07T01:40:12.508Z", "acceptedAt": "2026-12-07T02:15:00Z",
             "deliveryDueAt": "2026-12-09T02:15:00Z", "stalledSince": null, "overdueSince": null,
             "events": [
              {"eventId": "vnp-3580af334b5c7422", "statusCode": "EMA", "canonicalState": "ACCEPTED", "knownCode": true,
               "occurredAt": "2026-12-07T02:15:00Z", "receivedAt": "2026-12-07T02:15:30Z", "postOfficeCode": "100000",
               "postOfficeName": "Bưu cục Hà Nội", "note": null},
              {"eventId": "vnp-a08d964e73a55bd1", "statusCode": "EMB", "canonicalState": "IN_TRANSIT", "knownCode": true,
               "occurredAt": "2026-12-07T07:02:00Z", "receivedAt": "2026-12-07T07:02:31Z", "postOfficeCode": "100000",
               "postOfficeName": "Bưu cục Hà Nội", "note": null}]}""";

    public static final String SHIPMENTS = """
            {"items": [{"itemCode": "EB123456785VN", "direction": "INBOUND", "dossierCode": "000.00.01.H22-261207-0042",
              "agencyCode": "000.00.01.H22", "procedureCode": "1.001612", "state": "IN_TRANSIT",
              "lastEventAt": "2026-12-07T07:02:00Z", "registeredAt": "2026-12-07T01:40:12.508Z",
              "acceptedAt": "2026-12-07T02:15:00Z", "deliveryDueAt": "2026-12-09T02:15:00Z"}],
             "nextCursor": "MjAyNi0xMi0wN1QwMTo0MDoxMi41MDhafEVCMTIzNDU2Nzg1Vk4"}""";

    public static final String INVALID_ITEM = "itemCode: has a wrong check digit: expected 5";

    public static final String INVALID_FILTER = "direction: must be one of [INBOUND, OUTBOUND]";

    public static final String NOT_FOUND = "no shipment EB123456785VN";

    public static final String ALREADY_REGISTERED = "shipment EC123456789VN is already registered for dossier 000.00.01.H22-261207-0042";
}
