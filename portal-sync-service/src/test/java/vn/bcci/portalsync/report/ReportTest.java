package vn.bcci.portalsync.report;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.portalsync.DossierEvents;

/**
 * The BCCI report against a fixture computed by hand. One agency of the test's own, six dossiers received in the
 * period (1–6 November 2026, Vietnam time), each with the facts that decide its columns:
 *
 * <pre>
 * D1 ONLINE     resolved 3 Nov, due 5 Nov 10:00            early
 * D2 IN_PERSON  resolved 5 Nov 09:00, due 5 Nov 10:00      on time
 * D3 POSTAL     resolved 9 Nov, due 6 Nov; result by post: handed 9 Nov, delivered 10 Nov     late
 * D4 POSTAL     resolved 4 Nov, due 10 Nov; result by post: handed 4 Nov, delivery failed 5 Nov  early
 * D5 ONLINE     in progress, due 8 Nov                       overdue
 * D6 POSTAL     in progress, due 2027                        within deadline
 * </pre>
 *
 * Period 1 Nov to 20 Nov: received 6 (online 2, in person 1, post 3); resolved 4 (early 2, on time 1, late 1; rate
 * 0.75); in progress 1 within deadline, 1 overdue; to return by post 2, handed 2, delivered 1, failed 1; all 6 must
 * reach the portal and do (coverage 1.0).
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class ReportTest {
    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final String AGENCY = "000.00.88.R" + (10 + (int) (Math.random() * 89));

    private static Instant nov(int day, int hour) {
        return LocalDateTime.of(2026, 11, day, hour, 0).atZone(VN).toInstant();
    }

    private static String dossier(int n, Channel channel, ReturnMethod returnMethod, DossierStatus status,
            Instant due, Instant finished) {
        String code = AGENCY + "-261101-" + (1000 + n);
        DossierEvents.statusOf(AGENCY, code, channel, returnMethod, status, nov(1 + n % 3, 8), due, finished);
        return code;
    }

    private static void resultByPost(String code, ShipmentState state, Instant at) {
        DossierEvents.resultByPost(AGENCY, code, state, at);
    }

    private static ValidatableResponse report(String token, String... params) {
        var request = given().header("Authorization", Tokens.bearer(token));
        for (int i = 0; i + 1 < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/api/v1/reports/bcci").then();
    }

    @Test
    void theFiguresAreThoseComputedByHand() {
        dossier(1, Channel.ONLINE, ReturnMethod.IN_PERSON, DossierStatus.RESULT_READY, nov(5, 10), nov(3, 15));
        dossier(2, Channel.IN_PERSON, ReturnMethod.IN_PERSON, DossierStatus.RESULT_READY, nov(5, 10), nov(5, 9));
        String d3 = dossier(3, Channel.POSTAL, ReturnMethod.POSTAL, DossierStatus.RESULT_READY, nov(6, 10),
                nov(9, 11));
        String d4 = dossier(4, Channel.POSTAL, ReturnMethod.POSTAL, DossierStatus.RESULT_READY, nov(10, 10),
                nov(4, 11));
        dossier(5, Channel.ONLINE, ReturnMethod.IN_PERSON, DossierStatus.IN_PROGRESS, nov(8, 10), null);
        dossier(6, Channel.POSTAL, ReturnMethod.POSTAL, DossierStatus.IN_PROGRESS,
                LocalDateTime.of(2027, 1, 5, 10, 0).atZone(VN).toInstant(), null);
        resultByPost(d3, ShipmentState.ACCEPTED, nov(9, 14));
        resultByPost(d3, ShipmentState.DELIVERED, nov(10, 9));
        resultByPost(d4, ShipmentState.ACCEPTED, nov(4, 14));
        resultByPost(d4, ShipmentState.DELIVERY_FAILED, nov(5, 9));

        String from = nov(1, 0).toString();
        String to = nov(20, 0).toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report("operator", "agency", AGENCY, "from", from,
                "to", to).statusCode(200).body("total.sync.synced", equalTo(6))
                .body("total.resultsByPost.failedOrReturned", equalTo(1)));
        report("operator", "agency", AGENCY, "from", from, "to", to)
                .body("agencies.size()", equalTo(1))
                .body("agencies[0].agencyCode", equalTo(AGENCY))
                .body("total.received.total", equalTo(6)).body("total.received.online", equalTo(2))
                .body("total.received.inPerson", equalTo(1)).body("total.received.postal", equalTo(3))
                .body("total.resolved.total", equalTo(4)).body("total.resolved.early", equalTo(2))
                .body("total.resolved.onTime", equalTo(1)).body("total.resolved.late", equalTo(1))
                .body("total.resolved.onTimeRate", equalTo(0.75f))
                .body("total.inProgress.withinDeadline", equalTo(1)).body("total.inProgress.overdue", equalTo(1))
                .body("total.resultsByPost.toReturnByPost", equalTo(2))
                .body("total.resultsByPost.handedToPost", equalTo(2))
                .body("total.resultsByPost.delivered", equalTo(1))
                .body("total.sync.mustSync", equalTo(6)).body("total.sync.coverage", equalTo(1.0f));

        // a period that ends on 4 Nov: D1 resolved early, D4 too (its result handed over that day); the rest open
        report("operator", "agency", AGENCY, "from", from, "to", nov(5, 0).toString())
                .body("total.resolved.total", equalTo(2)).body("total.resolved.early", equalTo(2))
                .body("total.resultsByPost.handedToPost", equalTo(1))
                .body("total.inProgress.withinDeadline", equalTo(4));

        report("operator", "agency", AGENCY, "from", from, "to", to, "format", "csv").statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(startsWith("\ufeffCơ quan,Tiếp nhận,Tiếp nhận trực tuyến"))
                .body(containsString("\nTỔNG CỘNG,6,2,1,3,4,2,1,1,0.750,1,1,2,2,1,1,6,6,1.000,"));
    }

    @Test
    void anAgencyReadsOnlyItsOwnFiguresAndBadPeriodsAreNamed() {
        report("agency-h22", "agency", "000.00.00.G12").statusCode(403);
        report("agency-h22").statusCode(200).body("agencies.agencyCode.findAll { it != '000.00.01.H22' }.size()",
                equalTo(0));
        report("operator", "from", "2026-11-20T00:00:00Z", "to", "2026-11-01T00:00:00Z").statusCode(400)
                .body("errors[0].field", equalTo("from"));
        report("operator", "from", "yesterday").statusCode(400).body("errors[0].field", equalTo("from"));
        report("operator", "format", "xml").statusCode(400).body("errors[0].field", equalTo("format"));
    }

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;
    @jakarta.inject.Inject
    ReportRollup rollup;

    private static void event(String code, String agency, Channel channel, DossierStatus status, Instant received,
            Instant due, Instant finished, Instant at) {
        DossierEventData data = new DossierEventData(code, agency, null, "1.001612", null, channel,
                ReturnMethod.POSTAL, status, new DossierEventData.Applicant("CITIZEN", "Lê Thị Mai", null, null, null),
                "Đăng ký khai sinh", received, received.plusSeconds(3600), due, finished, null, null, null, null);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.DOSSIER_STATUS_CHANGED, "/dossier-service", code, at, EventJson.write(data)));
    }

    /** Day by day and month by month, the aggregates (folded or not) minus a recount from the facts: none. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /**
     * Two transactions change one dossier's facts at the same moment: the projection re-dates it while the sync
     * worker records the portal's first acknowledgement. Each trigger once computed its change of contribution with
     * the other's row as it was before, and the first sync was counted on the old day; the dossier's lock (V14) makes
     * the second wait for the first and read what it committed.
     */
    @Test
    void changesOfOneDossierAtTheSameMomentAddUp() throws Exception {
        String agency = "000.00.66.R" + (10 + (int) (Math.random() * 89));
        String code = agency + "-261101-3001";
        try (java.sql.Connection setup = java.sql.DriverManager.getConnection(jdbcUrl, vn.bcci.infra.Postgres.USER,
                vn.bcci.infra.Postgres.PASSWORD);
                java.sql.Connection projection = java.sql.DriverManager.getConnection(jdbcUrl,
                        vn.bcci.infra.Postgres.USER, vn.bcci.infra.Postgres.PASSWORD);
                java.sql.Connection worker = java.sql.DriverManager.getConnection(jdbcUrl,
                        vn.bcci.infra.Postgres.USER, vn.bcci.infra.Postgres.PASSWORD)) {
            try (var st = setup.prepareStatement(
                    """
                            WITH r AS (INSERT INTO report_dossier (code, agency_code, channel, return_method, status,
                                         received_at, due_at, last_event_time)
                                       VALUES (?, ?, 'POSTAL', 'POSTAL', 'IN_PROGRESS', ?, ?::timestamptz + interval '10 days', ?)
                                       RETURNING code, agency_code, received_at)
                            INSERT INTO portal_dossier (code, agency_code, record, status_code, last_event_time, revision,
                              acked_revision, portal_holds, sync_state, changed_at, created_at)
                            SELECT code, agency_code, '{}', 2, received_at, 1, 1, TRUE, 'SYNCED', received_at, received_at
                            FROM r
                            """)) {
                java.sql.Timestamp received = java.sql.Timestamp.from(nov(10, 9));
                st.setString(1, code);
                st.setString(2, agency);
                st.setTimestamp(3, received);
                st.setTimestamp(4, received);
                st.setTimestamp(5, received);
                st.executeUpdate();
            }
            projection.setAutoCommit(false);
            try (var st = projection.prepareStatement(
                    "UPDATE report_dossier SET received_at = received_at - interval '3 days' WHERE code = ?")) {
                st.setString(1, code);
                st.executeUpdate();
            }
            int workerPid;
            try (var st = worker.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                workerPid = rs.getInt(1);
            }
            java.util.concurrent.CompletableFuture<Void> acknowledged = java.util.concurrent.CompletableFuture
                    .runAsync(() -> {
                        try (var st = worker.prepareStatement(
                                "UPDATE portal_dossier SET first_synced_at = now() WHERE code = ?")) {
                            st.setString(1, code);
                            st.executeUpdate();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            // the worker's change either went through already (the bug) or waits for the projection's lock
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.isDone() || waitsForALock(setup,
                    workerPid));
            projection.commit();
            acknowledged.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, aggregatesOffRecount(agency),
                "the first sync counted on the day the dossier was received, as re-dated");
    }

    private static boolean waitsForALock(java.sql.Connection c, int pid) throws java.sql.SQLException {
        try (var st = c.prepareStatement("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?")) {
            st.setInt(1, pid);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private long aggregatesOffRecount(String agency) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                WITH agg AS (SELECT agency_code, day, metric, sum(n) AS n FROM (SELECT agency_code, day, metric, n
                               FROM report_day UNION ALL SELECT agency_code, day, metric, n FROM report_delta) x
                             WHERE agency_code = ?1 GROUP BY 1, 2, 3 HAVING sum(n) <> 0),
                     re AS (SELECT * FROM report_recount WHERE agency_code = ?1),
                     months AS (SELECT agency_code, date_trunc('month', day)::date AS month, metric, sum(n) AS n
                                FROM report_day WHERE agency_code = ?1 GROUP BY 1, 2, 3 HAVING sum(n) <> 0),
                     folded AS (SELECT agency_code, month, metric, n FROM report_month WHERE agency_code = ?1
                                AND n <> 0)
                SELECT (SELECT count(*) FROM (SELECT * FROM agg EXCEPT SELECT * FROM re) a)
                     + (SELECT count(*) FROM (SELECT * FROM re EXCEPT SELECT * FROM agg) b)
                     + (SELECT count(*) FROM (SELECT * FROM months EXCEPT SELECT * FROM folded) c)
                     + (SELECT count(*) FROM (SELECT * FROM folded EXCEPT SELECT * FROM months) d)
                """).setParameter(1, agency).getSingleResult()).longValue());
    }

    @Test
    void theAggregatesEqualARecountOfTheFacts() {
        String agency = "000.00.77.R" + (10 + (int) (Math.random() * 89));
        String a = agency + "-261101-2001";
        String b = agency + "-261101-2002";
        String c = agency + "-261101-2003";
        // a: in progress, then re-dated by an apology slip, then resolved late; an older event arrives last
        event(a, agency, Channel.POSTAL, DossierStatus.IN_PROGRESS, nov(2, 8), nov(6, 10), null, nov(2, 9));
        event(a, agency, Channel.POSTAL, DossierStatus.IN_PROGRESS, nov(2, 8), nov(8, 10), null, nov(5, 9));
        event(a, agency, Channel.POSTAL, DossierStatus.RESULT_READY, nov(2, 8), nov(8, 10), nov(9, 11), nov(9, 11));
        event(a, agency, Channel.POSTAL, DossierStatus.ACCEPTED, nov(2, 8), nov(6, 10), null, nov(2, 8));
        // b: its result's journey is known before the dossier itself; resolved early
        resultByPost(b, ShipmentState.ACCEPTED, nov(4, 14));
        resultByPost(b, ShipmentState.DELIVERY_FAILED, nov(5, 9));
        event(b, agency, Channel.ONLINE, DossierStatus.RESULT_READY, nov(3, 8), nov(10, 10), nov(4, 11), nov(4, 11));
        resultByPost(b, ShipmentState.DELIVERED, nov(6, 9));
        // c: a supplement request stops its clock, then it is withdrawn
        event(c, agency, Channel.IN_PERSON, DossierStatus.SUPPLEMENT_REQUESTED, nov(1, 8), nov(3, 10), null,
                nov(2, 8));
        event(c, agency, Channel.IN_PERSON, DossierStatus.WITHDRAWN, nov(1, 8), nov(3, 10), null, nov(7, 8));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report("operator", "agency", agency, "from",
                nov(1, 0).toString(), "to", nov(20, 0).toString()).statusCode(200)
                .body("total.resolved.late", equalTo(1)).body("total.resolved.early", equalTo(1))
                .body("total.resultsByPost.delivered", equalTo(1)).body("total.sync.synced", equalTo(3))
                .body("total.received.total", equalTo(3)).body("total.inProgress.withinDeadline", equalTo(0)));
        org.junit.jupiter.api.Assertions.assertEquals(0, aggregatesOffRecount(agency), "before the rollup");
        rollup.fold();
        org.junit.jupiter.api.Assertions.assertEquals(0, aggregatesOffRecount(agency), "after the rollup");
        // in progress at the start of 4 November: a and b within their deadlines (c withdrawn counts nowhere); of 9
        // November: a, overdue since its due date (8 November 10:00) and resolved only on the 9th
        report("operator", "agency", agency, "from", nov(1, 0).toString(), "to", nov(4, 0).toString())
                .body("total.inProgress.withinDeadline", equalTo(2)).body("total.inProgress.overdue", equalTo(0));
        report("operator", "agency", agency, "from", nov(1, 0).toString(), "to", nov(9, 0).toString())
                .body("total.inProgress.withinDeadline", equalTo(0)).body("total.inProgress.overdue", equalTo(1));
    }
}
