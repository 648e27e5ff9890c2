package vn.bcci.dossier;

/** Request and response examples shown in the OpenAPI document (Swagger UI). */
public final class ApiExamples {
    public static final String REGISTER = """
            {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
             "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh cho con",
             "applicant": {"type": "CITIZEN", "name": "Nguyễn Văn An", "idNumber": "001203004567",
               "phone": "0912345789", "address": {"line": "12 Hàng Bài", "ward": "Hàng Bài", "district": "Hoàn Kiếm",
               "province": "Hà Nội"}},
             "inboundTrackingNumber": "EB123456785VN"}""";
    public static final String DOSSIER = """
            {"code": "000.00.01.H22-261122-0042", "agencyCode": "000.00.01.H22", "procedureCode": "1.001612",
             "procedureName": "Đăng ký khai sinh", "channel": "POSTAL", "returnMethod": "POSTAL", "status": "ACCEPTED",
             "portalStatus": 2, "applicant": {"type": "CITIZEN", "name": "Nguyễn Văn An", "idNumber": "001203004567",
             "phone": "0912345789", "email": null}, "summary": "Đăng ký khai sinh cho con",
             "submittedAt": "2026-11-22T02:15:00Z", "acceptedAt": "2026-11-23T01:30:00Z",
             "dueAt": "2026-11-24T01:30:00Z", "clockStopped": false, "overdue": false, "finishedAt": null,
             "timeliness": null, "returnedAt": null, "receivedFromPostAt": "2026-11-23T01:20:00Z", "postalFlag": null,
             "inboundTrackingNumber": "EB123456785VN", "outboundTrackingNumber": null}""";
    public static final String TRANSITION = """
            {"to": "ACCEPTED", "at": "2026-11-23T01:30:00Z",
             "handler": {"name": "Lê Văn Cường", "title": "Chuyên viên", "department": "Bộ phận Một cửa"},
             "note": "Tiếp nhận hồ sơ, phiếu hẹn trả số 42"}""";
    public static final String APOLOGY = """
            {"to": "IN_PROGRESS", "newDueAt": "2026-12-01T01:30:00Z",
             "handler": {"name": "Lê Văn Cường"}, "note": "Phiếu xin lỗi: cần xác minh thêm"}""";
    public static final String TIMELINE = """
            {"dossierCode": "000.00.01.H22-261122-0042", "entries": [
             {"at": "2026-11-22T02:15:00Z", "kind": "STATUS", "source": "dossier-service",
              "title": "Registered (status 1)", "detail": null},
             {"at": "2026-11-22T03:00:00Z", "kind": "POSTAL", "source": "postal-tracking-service",
              "title": "INBOUND EB123456785VN: ACCEPTED at Bưu cục Hà Nội", "detail": {"statusCode": "EMA"}},
             {"at": "2026-11-22T03:00:05Z", "kind": "PORTAL", "source": "portal-sync-service",
              "title": "Portal holds the dossier record (status 1)", "detail": {"outcome": "ACCEPTED"}}]}""";
    public static final String PAGE = """
            {"items": [""" + DOSSIER
            + "], \"nextCursor\": \"MjAyNi0xMS0yMlQwMjoxNTowMFp8MDAwLjAwLjAxLkgyMi0yNjExMjItMDA0Mg\"}";
    public static final String INVALID = "applicant.phone: must be a Vietnamese phone number of 10 digits";
    public static final String CONFLICT = "a dossier in status SUBMITTED cannot move to RESULT_READY | allowed: ACCEPTED, REJECTED, WITHDRAWN";
    public static final String NOT_FOUND = "no dossier 000.00.01.H22-261122-0042";
    public static final String FORBIDDEN = "the token's agency 000.00.00.G12 may not act for 000.00.01.H22";
    public static final String REPLAY_MISMATCH = """
            {"type": "about:blank", "title": "Idempotency-Key reused", "status": 422,
             "detail": "Idempotency-Key 7f0c was first used for a different request",
             "errors": [{"field": "Idempotency-Key", "rule": "must be new for a different request"}]}""";

    private ApiExamples() {
    }
}
