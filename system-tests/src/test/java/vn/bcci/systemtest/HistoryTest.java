package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.infra.history.HistoryLoader;

/**
 * The history loader (issue 25) writes what the services would have left: the three services read the loaded
 * dossiers as their own (a dossier with its timeline, its two postal items with their events, the portal's view with
 * its acknowledged entries, the console's page by tracking number), and the three databases agree on what was loaded.
 * Small (3,000 dossiers over three months), in the running system stack.
 */
@ExtendWith(SystemStack.class)
class HistoryTest {
    static final int DOSSIERS = 3_000;
    static Map<String, Long> written;

    /**
     * Loads while the feed goes on: unnumbered entries keep coming, as live changes' do, so that portal-sync's
     * sequencer numbers entries while the loader writes its own (they once took the same numbers).
     */
    @BeforeAll
    static void load() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread live = new Thread(() -> {
            try (Connection c = db("portalsync"); Statement st = c.createStatement()) {
                for (int i = 0; loading.get(); i++) {
                    st.executeUpdate("INSERT INTO feed_entry (kind, dossier_code, agency_code, at, summary) VALUES "
                            + "('DOSSIER_STATUS', 'live-during-load-" + i + "', '000.00.01.H22', now(), 'live')");
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        live.start();
        try {
            written = new HistoryLoader("127.0.0.1:" + SystemStack.ports().postgres(), System.out::println)
                    .load(DOSSIERS, 3);
        } finally {
            loading.set(false);
            live.join();
        }
    }

    private static Connection db(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + SystemStack.ports().postgres() + "/"
                + name, "postgres", "postgres");
    }

    private static String one(String database, String sql) throws SQLException {
        try (Connection c = db(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A loaded dossier returned by post: a postal one, resolved, with both items. */
    private static String postalBothWays() throws SQLException {
        return one("dossier", "SELECT code FROM dossier WHERE code ~ '-1[0-9]{6}$' AND inbound_tracking_number "
                + "LIKE 'EH%' AND outbound_tracking_number LIKE 'EO%' ORDER BY code LIMIT 1");
    }

    @Test
    void theThreeDatabasesAgreeOnWhatWasLoaded() throws SQLException {
        assertEquals(DOSSIERS, written.get("dossier"));
        assertEquals(DOSSIERS, written.get("portal_dossier"));
        assertEquals(DOSSIERS, written.get("report_dossier"));
        // the loaded ones: their numbers' prefixes and their dossiers' seven-digit numbers from 1,000,000 up
        String items = "SELECT count(*) FROM %s WHERE %s ~ '^E[HO][0-9]{9}VN$' AND dossier_code ~ '-1[0-9]{6}$'";
        long inDossiers = Long.parseLong(one("dossier", "SELECT count(*) FILTER (WHERE inbound_tracking_number ~ "
                + "'^EH') + count(*) FILTER (WHERE outbound_tracking_number ~ '^EO') FROM dossier WHERE code ~ "
                + "'-1[0-9]{6}$'"));
        assertEquals(inDossiers, Long.parseLong(one("postal", items.formatted("shipment", "item_code"))),
                "every item a dossier names is a shipment");
        assertEquals(inDossiers, written.get("shipment"));
        assertTrue(written.get("tracking_event") >= 3 * inDossiers, "three events an item at least: " + written);
        assertTrue(written.get("timeline_entry") >= 6L * DOSSIERS, "written: " + written);
        assertTrue(written.get("feed_entry") >= 6L * DOSSIERS, "written: " + written);
        assertTrue(written.get("messaging.inbox") >= 10L * DOSSIERS, "written: " + written);
    }

    @Test
    void theServicesReadTheLoadedDossiersAsTheirOwn() throws SQLException {
        String code = postalBothWays();
        String inbound = one("dossier", "SELECT inbound_tracking_number FROM dossier WHERE code = '" + code + "'");
        String outbound = one("dossier", "SELECT outbound_tracking_number FROM dossier WHERE code = '" + code + "'");
        String operator = SystemStack.bearer("operator");
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().dossier(),
                "/api/v1/dossiers/" + code)).then().statusCode(200).body("status", equalTo("RESULT_RETURNED"))
                .body("inboundTrackingNumber", equalTo(inbound));
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().dossier(),
                "/api/v1/dossiers/" + code + "/timeline")).then().statusCode(200)
                .body("entries.size()", greaterThanOrEqualTo(10));
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().postal(),
                "/api/v1/shipments?dossierCode=" + code)).then().statusCode(200)
                .body("items.itemCode", hasItems(inbound, outbound));
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().postal(),
                "/api/v1/shipments/" + outbound)).then().statusCode(200).body("state", equalTo("DELIVERED"));
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().portalSync(),
                "/api/v1/sync/" + code)).then().statusCode(200).body("syncState", equalTo("SYNCED"))
                .body("entriesOwed", equalTo(0)).body("entriesSent", greaterThanOrEqualTo(8));
        given().header("Authorization", operator).get(SystemStack.url(SystemStack.ports().portalSync(),
                "/api/v1/timeline/" + inbound)).then().statusCode(200).body("dossierCode", equalTo(code));
    }

    @Test
    void theFeedNumbersEveryEntryOnceLiveAndLoadedAlike() throws SQLException {
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> "0".equals(one("portalsync",
                "SELECT count(*) FROM feed_entry WHERE seq IS NULL AND dossier_code LIKE 'live-during-load-%'")));
        assertEquals(one("portalsync", "SELECT count(*) FROM feed_entry WHERE seq IS NOT NULL"),
                one("portalsync", "SELECT count(DISTINCT seq) FROM feed_entry"));
    }

    @Test
    void theLoadedLegTimesAreTheWorkingCalendarsOwn() throws Exception {
        // the loader counts working time in SQL; portal-sync counts it with event-contracts' calendar: the same
        WorkingCalendar calendar;
        try (java.io.InputStream csv = WorkingCalendar.class.getResourceAsStream(WorkingCalendar.SHIPPED_HOLIDAYS)) {
            calendar = WorkingCalendar.fromCsv(csv);
        }
        int legs = 0;
        try (Connection c = db("portalsync");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT intake_collected_at, intake_delivered_at, intake_working_seconds, posted_at, delivered_at, "
                                + "result_working_seconds FROM report_result_post WHERE code ~ '-1[0-9]{6}$' ORDER BY code")) {
            while (rs.next()) {
                for (int leg = 0; leg < 2; leg++) {
                    java.sql.Timestamp from = rs.getTimestamp(1 + 3 * leg);
                    java.sql.Timestamp to = rs.getTimestamp(2 + 3 * leg);
                    if (from != null && to != null) {
                        assertEquals(calendar.workingSeconds(from.toInstant(), to.toInstant()),
                                rs.getLong(3 + 3 * leg), "leg " + leg + " from " + from + " to " + to);
                        legs++;
                    }
                }
            }
        }
        assertTrue(legs > DOSSIERS / 10, "legs compared: " + legs);
        // and the agencies differ, as real ones do: not one share of postal intake for all
        assertTrue(Long.parseLong(one("dossier", "SELECT count(DISTINCT floor(20 * share)) FROM (SELECT "
                + "agency_code, avg((channel = 'POSTAL')::int) AS share FROM dossier WHERE code ~ '-1[0-9]{6}$' "
                + "GROUP BY 1) x")) >= 3);
    }

    @Test
    void theReportsAggregatesEqualARecountOfTheLoadedFacts() throws SQLException {
        // one snapshot: the aggregates (folded or not) against every dossier's contribution recounted from the facts
        assertEquals("0", one("portalsync", """
                WITH agg AS (SELECT agency_code, day, metric, sum(n) AS n FROM (SELECT agency_code, day, metric, n
                               FROM report_day UNION ALL SELECT agency_code, day, metric, n FROM report_delta) x
                             GROUP BY 1, 2, 3 HAVING sum(n) <> 0)
                SELECT (SELECT count(*) FROM (SELECT * FROM agg EXCEPT SELECT * FROM report_recount) a)
                     + (SELECT count(*) FROM (SELECT * FROM report_recount EXCEPT SELECT * FROM agg) b)"""));
        assertTrue(
                Long.parseLong(one("portalsync", "SELECT count(*) FROM report_recount WHERE metric = 'received'")) > 0);
    }
}
