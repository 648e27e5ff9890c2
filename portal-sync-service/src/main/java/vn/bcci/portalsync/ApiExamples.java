package vn.bcci.portalsync;

/**
 * The examples portal-sync-service's OpenAPI document shows on each operation (Swagger UI), as the operators' console,
 * the agencies' systems and a webhook's owner receive them; personal data masked as an operator sees it.
 */
public final class ApiExamples {
    private ApiExamples() {
    }

    public static final String FEED_PAGE = """
            {"entries": [{"seq": 11259248, "kind": "DOSSIER_STATUS", "dossierCode": "000.00.01.H22-261207-0042",
              "agencyCode": "000.00.01.H22", "itemCode": null, "portalStatus": 1, "at": "2026-12-07T01:40:12.508Z",
              "recordedAt": "2026-12-07T01:40:12.731Z",
              "summary": "Tiếp nhận hồ sơ 1.001612 qua kênh bưu chính công ích, chủ hồ sơ N. V. An: Mới đăng ký"},
             {"seq": 11259249, "kind": "POSTAL_MILESTONE", "dossierCode": "000.00.01.H22-261207-0042",
              "agencyCode": "000.00.01.H22", "itemCode": "EB123456785VN", "portalStatus": null,
              "at": "2026-12-07T02:15:00Z", "recordedAt": "2026-12-07T02:15:31.104Z",
              "summary": "Bưu điện đã nhận hồ sơ EB123456785VN tại Bưu cục Hà Nội"}],
             "last": 11259249}""";

    public static final String FEED_STREAM = """
            id:11259249
            event:POSTAL_MILESTONE
            data:{"seq":11259249,"kind":"POSTAL_MILESTONE","dossierCode":"000.00.01.H22-261207-0042","agencyCode":"000.00.01.H22","itemCode":"EB123456785VN","portalStatus":null,"at":"2026-12-07T02:15:00Z","recordedAt":"2026-12-07T02:15:31.104Z","summary":"Bưu điện đã nhận hồ sơ EB123456785VN tại Bưu cục Hà Nội"}
            """;

    public static final String BAD_AFTER = "after: must be a sequence number, 0 or more";

    public static final String NEW_SUBSCRIPTION = """
            {"url": "https://motcua.hanoi.gov.vn/bcci/feed", "agency": "000.00.01.H22",
             "description": "Hà Nội one-stop system", "fromSequence": 11259000}""";

    private static final String SUBSCRIPTION_FIELDS = """
            "id": 7, "url": "https://motcua.hanoi.gov.vn/bcci/feed", "agencyCode": "000.00.01.H22",
              "owner": "operator", "description": "Hà Nội one-stop system", "deliveredSequence": 11259249,
              "state": "ACTIVE", "failureStreak": 0, "failingSince": null, "nextAttemptAt": "2026-12-07T02:15:32.001Z",
              "lastStatus": 200, "lastError": null, "lastSuccessAt": "2026-12-07T02:15:31.980Z", "disabledReason": null,
              "createdAt": "2026-11-02T03:00:00Z\"""";

    public static final String SUBSCRIPTION = "{" + SUBSCRIPTION_FIELDS + "}";

    public static final String SUBSCRIPTIONS = "[{" + SUBSCRIPTION_FIELDS + "}]";

    public static final String SUBSCRIBED = "{\"subscription\": {" + SUBSCRIPTION_FIELDS
            + "}, \"secret\": \"whsec_iB9blNtPFwrzH11Xw/HlVaXdBP7jklQcEL2BGQBgWIE=\"}";

    public static final String RECOVERY = """
            {"fromSequence": 11259000}""";

    public static final String BAD_URL = "url: must be an absolute http(s) URL with a host name";

    public static final String NO_SUBSCRIPTION = "webhook subscription 99";

    public static final String ALERT_COUNTS = """
            {"asOf": "2026-12-07T02:20:00.531Z", "dueSoonHorizon": "2026-12-08T10:00:00Z",
             "counts": {"DUE_SOON": 12, "OVERDUE": 3, "STALLED_SHIPMENT": 5, "FAILED_DELIVERY": 2, "PARKED": 1,
                        "DISABLED_WEBHOOK": 0, "RECONCILIATION_DRIFT": 0}}""";

    public static final String ALERTS = """
            [{"kind": "STALLED_SHIPMENT", "dossierCode": "000.00.01.H22-261207-0042", "agencyCode": "000.00.01.H22",
              "itemCode": "EB123456785VN", "since": "2026-12-06T23:13:41.001Z", "detail": "INBOUND IN_TRANSIT STALLED"}]""";

    public static final String BAD_KIND = "kind: one of [DUE_SOON, OVERDUE, STALLED_SHIPMENT, FAILED_DELIVERY, PARKED, DISABLED_WEBHOOK, RECONCILIATION_DRIFT, CLIENT_LIMITED]";

    public static final String AUDIT = """
            [{"id": 1536, "at": "2026-12-07T01:54:38.695Z", "actor": "dieuhanh", "action": "RESEND_DOSSIER",
              "target": "000.00.01.H22-261207-0042", "agencyCode": "000.00.01.H22",
              "detail": "was PARKED: 2 MaHoSo trùng với hồ sơ của hệ thống khác"}]""";

    public static final String BAD_BEFORE = "before: must be an action's id (a whole number)";

    public static final String RECONCILIATION_REQUEST = """
            {"mode": "SAMPLE", "share": 0.05, "agency": "000.00.01.H22"}""";

    public static final String RECONCILIATION = """
            {"id": 2, "mode": "SAMPLE", "sampleShare": 0.05, "agencyCode": "000.00.01.H22", "requestedBy": "dieuhanh",
             "state": "DONE", "total": 1240, "checked": 1240, "missing": 1, "staleStatus": 0, "missingEntries": 2,
             "repaired": 3, "lastError": null, "createdAt": "2026-12-07T02:00:00.012Z",
             "startedAt": "2026-12-07T02:00:01.020Z", "finishedAt": "2026-12-07T02:01:05.441Z",
             "drift": [{"dossierCode": "000.00.01.H22-261207-0042", "kind": "MISSING_ENTRIES",
                        "detail": "2 progress entries not on the portal", "repaired": true}]}""";

    public static final String RECONCILIATIONS = "[" + RECONCILIATION + "]";

    public static final String NO_RECONCILIATION = "reconciliation 99";

    public static final String BAD_SHARE = "share: must be less than or equal to 1";

    public static final String INDEX = """
            {"period": "2026-11", "from": "2026-11-01", "to": "2026-12-01", "previousPeriod": "2026-10",
             "level": "UNIT", "weights": {"offered": 15.0, "intakeByPost": 15.0, "returnByPost": 15.0, "onTime": 25.0,
                                          "firstAttemptDelivery": 15.0, "transparency": 15.0},
             "units": 2, "offset": 0, "limit": 50,
             "items": [{"rank": 1, "unit": "H22", "kind": "PROVINCE", "score": 71.4, "previousScore": 68.9,
               "criteria": {
                 "offered": {"count": 412, "of": 1630, "share": 0.253, "previousShare": 0.253, "score": 3.8},
                 "intakeByPost": {"count": 1204, "of": 9310, "share": 0.129, "previousShare": 0.118, "score": 1.9},
                 "returnByPost": {"count": 2518, "of": 8877, "share": 0.284, "previousShare": 0.27, "score": 4.3},
                 "onTime": {"count": 2741, "of": 2860, "share": 0.958, "previousShare": 0.951, "score": 24.0},
                 "firstAttemptDelivery": {"count": 2301, "of": 2466, "share": 0.933, "previousShare": 0.925,
                                          "score": 14.0},
                 "transparency": {"count": 3390, "of": 3412, "share": 0.994, "previousShare": 0.99, "score": 14.9}},
               "figures": {"received": 9310, "bcciReceived": 3412, "onTimeAll": 0.947, "failedOrReturned": 97,
                           "handedToPost": 2563, "syncDelayP95Seconds": 4.2,
                           "intakeLeg": {"legs": 1180, "medianWorkingSeconds": 30240.0, "p90WorkingSeconds": 84600.0},
                           "resultLeg": {"legs": 2466, "medianWorkingSeconds": 25920.0,
                                         "p90WorkingSeconds": 109800.0}}},
              {"rank": 2, "unit": "G12", "kind": "MINISTRY", "score": 55.2, "previousScore": null,
               "criteria": {"offered": {"count": 35, "of": 140, "share": 0.25, "previousShare": 0.25, "score": 3.8},
                 "intakeByPost": {"count": 0, "of": 0, "share": null, "previousShare": null, "score": null},
                 "returnByPost": {"count": 120, "of": 800, "share": 0.15, "previousShare": null, "score": 2.3},
                 "onTime": {"count": 110, "of": 120, "share": 0.917, "previousShare": null, "score": 22.9},
                 "firstAttemptDelivery": {"count": 90, "of": 100, "share": 0.9, "previousShare": null, "score": 13.5},
                 "transparency": {"count": 118, "of": 120, "share": 0.983, "previousShare": null, "score": 14.8}},
               "figures": {"received": 800, "bcciReceived": 120, "onTimeAll": 0.93, "failedOrReturned": 4,
                           "handedToPost": 104, "syncDelayP95Seconds": 6.0,
                           "intakeLeg": {"legs": 0, "medianWorkingSeconds": null, "p90WorkingSeconds": null},
                           "resultLeg": {"legs": 100, "medianWorkingSeconds": 20160.0,
                                         "p90WorkingSeconds": 57600.0}}}]}""";

    public static final String BAD_PERIOD = "period: must be a month (2026-11), a quarter (2026-Q4) or a year (2026), from 2000 to 2099";

    public static final String REPORT = """
            {"from": "2026-11-30T17:00:00Z", "to": "2026-12-07T02:20:00Z", "agencies": [{"agencyCode": "000.00.01.H22",
              "received": {"total": 1246, "online": 310, "inPerson": 120, "postal": 816},
              "resolved": {"total": 1096, "early": 1011, "onTime": 28, "late": 57, "onTimeRate": 0.948},
              "inProgress": {"withinDeadline": 140, "overdue": 10},
              "resultsByPost": {"toReturnByPost": 913, "handedToPost": 856, "delivered": 818, "failedOrReturned": 17},
              "sync": {"mustSync": 1246, "synced": 1246, "coverage": 1.0, "delayP50Seconds": 1.575, "delayP95Seconds": 23.056}}],
             "total": {"agencyCode": null,
              "received": {"total": 1246, "online": 310, "inPerson": 120, "postal": 816},
              "resolved": {"total": 1096, "early": 1011, "onTime": 28, "late": 57, "onTimeRate": 0.948},
              "inProgress": {"withinDeadline": 140, "overdue": 10},
              "resultsByPost": {"toReturnByPost": 913, "handedToPost": 856, "delivered": 818, "failedOrReturned": 17},
              "sync": {"mustSync": 1246, "synced": 1246, "coverage": 1.0, "delayP50Seconds": 1.575, "delayP95Seconds": 23.056}}}""";

    public static final String REPORT_CSV = """
            Cơ quan,Tiếp nhận,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tiếp nhận qua bưu chính,Đã giải quyết,Giải quyết trước hạn,Giải quyết đúng hạn,Giải quyết quá hạn,Tỷ lệ đúng hạn,Đang giải quyết trong hạn,Đang giải quyết quá hạn,Kết quả trả qua bưu chính,Kết quả đã giao bưu chính,Kết quả đã phát,Kết quả phát không thành công hoặc chuyển hoàn,Hồ sơ phải đồng bộ,Hồ sơ đã đồng bộ,Tỷ lệ đồng bộ,Độ trễ đồng bộ trung vị (giây),Độ trễ đồng bộ p95 (giây)
            000.00.01.H22,1246,310,120,816,1096,1011,28,57,0.948,140,10,913,856,818,17,1246,1246,1.000,1.575,23.056
            TỔNG CỘNG,1246,310,120,816,1096,1011,28,57,0.948,140,10,913,856,818,17,1246,1246,1.000,1.575,23.056
            """;

    public static final String BAD_FROM = "from: must be an ISO-8601 instant such as 2026-11-22T02:00:00Z";

    public static final String TIMELINE = """
            {"dossierCode": "000.00.01.H22-261207-0042", "agencyCode": "000.00.01.H22", "status": "RECEIVED",
             "portalStatus": 2, "syncState": "SYNCED", "inboundTrackingNumber": "EB123456785VN",
             "receivedAt": "2026-12-07T01:40:12.508Z", "dueAt": "2026-12-08T10:00:00Z", "finishedAt": null,
             "clock": {"agencySeconds": 3600, "inboundPostSeconds": 16200, "outboundPostSeconds": null,
                       "agencyWorkingSeconds": 3600, "inboundPostWorkingSeconds": 12600,
                       "outboundPostWorkingSeconds": null},
             "lines": [{"at": "2026-12-07T02:15:00Z", "kind": "POSTAL", "itemCode": "EB123456785VN", "handler": null,
               "title": null, "department": null, "text": "Bưu điện đã nhận hồ sơ tại Bưu cục Hà Nội",
               "delivery": "SENT", "deliveredAt": "2026-12-07T02:15:32.120Z", "answer": "0"},
              {"at": "2026-12-07T02:15:32.300Z", "kind": "SYNC_OUTCOME", "itemCode": null, "handler": null,
               "title": null, "department": null, "text": "Cổng DVC quốc gia đã nhận hồ sơ (trạng thái 1)",
               "delivery": null, "deliveredAt": null, "answer": null}]}""";

    public static final String NO_TIMELINE = "dossier or tracking number EB000000000VN";

    public static final String SYNC_SUMMARY = """
            {"sync": {"lagSeconds": 0, "parked": 1, "dossiersOwed": 0, "entriesOwed": 3,
                      "refreshedAt": "2026-12-07T02:20:05.055Z"},
             "breakerOpen": false, "sessionRenewals": 4,
             "calls": {"CapNhatTienDoHoSoMC:0": 1203, "DongBoHoSoMC:0": 845, "TraCuuHoSo:0": 12, "login:0": 5},
             "deadLetters": {}}""";

    public static final String ANSWERS = """
            [{"minute": "2026-12-07T02:19:00Z", "answer": "0", "calls": 48},
             {"minute": "2026-12-07T02:19:00Z", "answer": "http503", "calls": 2}]""";

    public static final String BAD_MINUTES = "minutes: must be a whole number from 1 to 1440";

    private static final String SYNC_FIELDS = """
            "dossierCode": "000.00.01.H22-261207-0042", "agencyCode": "000.00.01.H22", "syncState": "PARKED",
              "portalHolds": false, "portalStatus": 1, "revision": 1, "ackedRevision": 0, "attempts": 1,
              "lastAnswer": "2 MaHoSo trùng với hồ sơ của hệ thống khác", "changedAt": "2026-12-07T01:40:12.731Z",
              "syncedAt": null, "entriesOwed": 0, "entriesSent": 0,
              "record": {"MaHoSo": "000.00.01.H22-261207-0042", "MaTTHC": "1.001612", "TenTTHC": "Đăng ký khai sinh",
                         "ChuHoSo": "N. V. An", "SoDienThoai": "09x****789", "Email": "***", "KenhThucHien": "3",
                         "DonViXuLy": "000.00.01.H22", "TrangThaiHoSo": "1", "NgayTiepNhan": "20261207084012"}""";

    public static final String SYNC_VIEW = "{" + SYNC_FIELDS + "}";

    public static final String SYNC_PAGE = "{\"items\": [{" + SYNC_FIELDS + "}], \"nextCursor\": null}";

    public static final String NO_SYNC = "no synchronised dossier 000.00.01.H22-261207-0042";

    public static final String BAD_STATE = "state: must be one of PENDING, SYNCED, PARKED";
}
