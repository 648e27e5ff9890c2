package vn.bcci.portalsync.index;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.portalsync.DossierEvents;

/**
 * The BCCI implementation index against a fixture computed by hand: one agency of the test's own, alone in its unit
 * ({@code R}nn), four procedures in the catalogue of which one accepts intake by post, and in November 2026:
 *
 * <pre>
 * D1 ONLINE / IN_PERSON   resolved early                                        not BCCI
 * D2 POSTAL / POSTAL      resolved on time, returned; result delivered           first attempt; inbound item 9 h
 * D3 POSTAL / POSTAL      resolved late, returned; result failed, delivered      second attempt
 * D4 IN_PERSON / POSTAL   in progress                                            BCCI (returned by post), open
 * </pre>
 *
 * and in October D5 POSTAL / IN_PERSON resolved on time and returned. November: offered 1/4, intake by post 2/4,
 * return by post 2/3, BCCI on time 1/2, first-attempt delivery 1/2, transparency 2/2 (the closed BCCI dossiers) once
 * the portal holds all their entries; October: intake 1/1, return 0/1, on time 1/1, no delivery, transparency 1/1. A
 * second agency of its own unit has one closed BCCI dossier whose data the portal refuses: out of step until an
 * operator resends it.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class IndexTest {
    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final String UNIT = "R" + (10 + (int) (Math.random() * 89));
    private static final String AGENCY = "000.00.89." + UNIT;
    private static final String OTHER_UNIT = "Q" + (10 + (int) (Math.random() * 89));
    private static final String OTHER_AGENCY = "000.00.88." + OTHER_UNIT;
    private static final String REFUSED = OTHER_AGENCY + "-261102-6";

    @Inject
    EntityManager em;

    private static Instant at(int month, int day, int hour) {
        return LocalDateTime.of(2026, month, day, hour, 0).atZone(VN).toInstant();
    }

    private static ValidatableResponse index(String token, String... params) {
        var request = given().header("Authorization", Tokens.bearer(token));
        for (int i = 0; i + 1 < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/api/v1/index").then();
    }

    @BeforeAll
    static void fixture() {
        String d = AGENCY + "-261101-";
        DossierEvents.statusOf(AGENCY, d + "1", Channel.ONLINE, ReturnMethod.IN_PERSON, DossierStatus.RESULT_READY,
                at(11, 2, 8), at(11, 6, 10), at(11, 3, 15));
        DossierEvents.statusOf(AGENCY, d + "2", Channel.POSTAL, ReturnMethod.POSTAL, DossierStatus.RESULT_RETURNED,
                at(11, 2, 8), at(11, 6, 10), at(11, 6, 9));
        DossierEvents.statusOf(AGENCY, d + "3", Channel.POSTAL, ReturnMethod.POSTAL, DossierStatus.RESULT_RETURNED,
                at(11, 3, 8), at(11, 6, 10), at(11, 9, 11));
        DossierEvents.statusOf(AGENCY, d + "4", Channel.IN_PERSON, ReturnMethod.POSTAL, DossierStatus.IN_PROGRESS,
                at(11, 4, 8), at(12, 30, 10), null);
        DossierEvents.statusOf(AGENCY, AGENCY + "-261001-5", Channel.POSTAL, ReturnMethod.IN_PERSON,
                DossierStatus.RESULT_RETURNED, at(10, 6, 8), at(10, 20, 10), at(10, 20, 9));
        SharedInfra.portal().refuse(REFUSED, "TrichYeuHoSo không hợp lệ");
        DossierEvents.statusOf(OTHER_AGENCY, REFUSED, Channel.POSTAL, ReturnMethod.IN_PERSON,
                DossierStatus.RESULT_RETURNED, at(11, 2, 8), at(11, 6, 10), at(11, 5, 9));
        // D2's inbound item: collected Monday 2 November 09:00, at the agency Tuesday 10:00: 9 working hours
        DossierEvents.intakeStep(AGENCY, d + "2", DossierStatus.SUBMITTED, at(11, 2, 8), ShipmentState.ACCEPTED,
                at(11, 2, 9));
        DossierEvents.intakeStep(AGENCY, d + "2", DossierStatus.SUBMITTED, at(11, 2, 8), ShipmentState.DELIVERED,
                at(11, 3, 10));
        // results: D2 handed over Friday 14:00, delivered Saturday (3 working hours); D3 Monday 14:00 to Wednesday
        // 09:00 (12 working hours)
        DossierEvents.resultByPost(AGENCY, d + "2", ShipmentState.ACCEPTED, at(11, 6, 14));
        DossierEvents.resultByPost(AGENCY, d + "2", ShipmentState.DELIVERED, at(11, 7, 9));
        DossierEvents.resultByPost(AGENCY, d + "3", ShipmentState.ACCEPTED, at(11, 9, 14));
        DossierEvents.resultByPost(AGENCY, d + "3", ShipmentState.DELIVERY_FAILED, at(11, 10, 9));
        DossierEvents.resultByPost(AGENCY, d + "3", ShipmentState.DELIVERED, at(11, 11, 9));
    }

    private void catalogue() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 4; i++) {
                em.createNativeQuery("INSERT INTO procedure_catalogue (code, name, agency_code, processing_days, "
                        + "postal_intake, postal_return) VALUES (?1, 'Thủ tục thử', ?2, 5, ?3, FALSE) "
                        + "ON CONFLICT (code) DO NOTHING").setParameter(1, "9.00" + i + "." + UNIT)
                        .setParameter(2, AGENCY).setParameter(3, i == 1).executeUpdate();
            }
        });
    }

    /**
     * The fixture's events arrive over Kafka in no set order: waits until the last of them is in the aggregates (D3's
     * result delivered at the second attempt, the portal holding every entry, October's dossier). Waiting for fewer
     * of them let a test read a score of 63.8 where the fixture's is 56.3: D3's failed attempt not yet counted.
     */
    private void untilTheFixtureIsCounted() {
        catalogue();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> index("operator", "period", "2026-11", "level",
                "agency", "unit", AGENCY).statusCode(200)
                .body("items[0].criteria.transparency.count", equalTo(2))
                .body("items[0].criteria.transparency.of", equalTo(2))
                .body("items[0].criteria.firstAttemptDelivery.count", equalTo(1))
                .body("items[0].criteria.firstAttemptDelivery.of", equalTo(2))
                .body("items[0].figures.failedOrReturned", equalTo(1))
                .body("items[0].figures.resultLeg.legs", equalTo(2))
                .body("items[0].figures.intakeLeg.legs", equalTo(1))
                .body("items[0].criteria.intakeByPost.previousShare", equalTo(1.0f))
                .body("items[0].criteria.transparency.previousShare", equalTo(1.0f)));
    }

    @Test
    void theCriteriaScoresAndPreviousPeriodAreThoseComputedByHand() {
        untilTheFixtureIsCounted();
        for (String level : new String[]{"AGENCY", "UNIT"}) {
            String unit = level.equals("AGENCY") ? AGENCY : UNIT;
            index("operator", "period", "2026-11", "level", level, "unit", unit).statusCode(200)
                    .body("period", equalTo("2026-11")).body("previousPeriod", equalTo("2026-10"))
                    .body("units", equalTo(1)).body("items[0].unit", equalTo(unit))
                    .body("items[0].kind", equalTo("OTHER")).body("items[0].rank", equalTo(1))
                    .body("items[0].criteria.offered.count", equalTo(1))
                    .body("items[0].criteria.offered.of", equalTo(4))
                    .body("items[0].criteria.offered.share", equalTo(0.25f))
                    .body("items[0].criteria.offered.score", equalTo(3.8f))
                    .body("items[0].criteria.intakeByPost.share", equalTo(0.5f))
                    .body("items[0].criteria.returnByPost.count", equalTo(2))
                    .body("items[0].criteria.returnByPost.of", equalTo(3))
                    .body("items[0].criteria.returnByPost.share", equalTo(0.667f))
                    .body("items[0].criteria.returnByPost.previousShare", equalTo(0.0f))
                    .body("items[0].criteria.onTime.count", equalTo(1)).body("items[0].criteria.onTime.of", equalTo(2))
                    .body("items[0].criteria.onTime.previousShare", equalTo(1.0f))
                    .body("items[0].criteria.onTime.score", equalTo(12.5f))
                    .body("items[0].criteria.firstAttemptDelivery.share", equalTo(0.5f))
                    .body("items[0].criteria.firstAttemptDelivery.previousShare", nullValue())
                    .body("items[0].criteria.transparency.share", equalTo(1.0f))
                    .body("items[0].figures.received", equalTo(4)).body("items[0].figures.bcciReceived", equalTo(3))
                    .body("items[0].figures.onTimeAll", equalTo(0.667f))
                    .body("items[0].figures.failedOrReturned", equalTo(1))
                    .body("items[0].figures.handedToPost", equalTo(2))
                    // one inbound leg of 9 h, in the bucket of 8 to 12 h: median and p90 interpolated within it
                    .body("items[0].figures.intakeLeg.legs", equalTo(1))
                    .body("items[0].figures.intakeLeg.medianWorkingSeconds", equalTo(36000.0f))
                    .body("items[0].figures.intakeLeg.p90WorkingSeconds", equalTo(41760.0f))
                    // results of 3 h (2 to 4 h) and 12 h (8 to 12 h)
                    .body("items[0].figures.resultLeg.legs", equalTo(2))
                    .body("items[0].figures.resultLeg.medianWorkingSeconds", equalTo(14400.0f))
                    .body("items[0].figures.resultLeg.p90WorkingSeconds", equalTo(40320.0f))
                    // 15 × 0.25 + 15 × 0.5 + 15 × 0.667 + 25 × 0.5 + 15 × 0.5 + 15 × 1 = 56.255
                    .body("items[0].score", equalTo(56.3f))
                    // October: intake 1, return 0, on time 1, transparency 1, offered 0.25 (the catalogue as now);
                    // no delivery: (3.75 + 15 + 0 + 25 + 15) × 100 / 85 = 69.1
                    .body("items[0].previousScore", equalTo(69.1f));
        }
        index("operator", "period", "2026-Q4", "level", "AGENCY", "unit", AGENCY).statusCode(200)
                .body("previousPeriod", equalTo("2026-Q3")).body("items[0].criteria.intakeByPost.count", equalTo(3))
                .body("items[0].criteria.intakeByPost.of", equalTo(5));
        index("operator", "period", "2026", "level", "NATIONAL").statusCode(200).body("units", equalTo(1))
                .body("items[0].unit", equalTo("")).body("items[0].kind", equalTo("NATIONAL"));
    }

    @Test
    void aClosedDossierIsInStepOnlyOnceThePortalHoldsEveryEntry() {
        // refused by the portal: parked, its entries held; closed and BCCI, so counted, and not in step
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/" + REFUSED).then()
                .body("syncState", equalTo("PARKED")));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> index("operator", "period", "2026-11", "level",
                "AGENCY", "unit", OTHER_AGENCY).statusCode(200)
                .body("items[0].criteria.transparency.of", equalTo(1))
                .body("items[0].criteria.transparency.count", equalTo(0))
                .body("items[0].criteria.transparency.share", equalTo(0.0f)));
        // fixed on the portal's side and resent by an operator: every entry reaches it, the dossier is in step
        SharedInfra.portal().refuse(REFUSED, null);
        given().header("Authorization", Tokens.bearer("operator")).post("/api/v1/sync/" + REFUSED + "/retry").then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> index("operator", "period", "2026-11", "level",
                "AGENCY", "unit", OTHER_AGENCY).statusCode(200).body("items[0].criteria.transparency.count",
                        equalTo(1)));
        assertEquals(0L, ((Number) em.createNativeQuery("SELECT count(*) FROM progress_entry WHERE dossier_code = ?1 "
                + "AND state <> 'SENT'").setParameter(1, REFUSED).getSingleResult()).longValue());
    }

    @Test
    void theSpreadsheetAndTheCsvHoldWhatTheApiAnswers() throws Exception {
        untilTheFixtureIsCounted();
        Map<String, Object> api = index("operator", "period", "2026-11", "level", "AGENCY", "unit", AGENCY).extract()
                .jsonPath().getMap("items[0]");
        byte[] xlsx = given().header("Authorization", Tokens.bearer("operator"))
                .header("Accept", IndexExport.XLSX).queryParam("period", "2026-11").queryParam("level", "AGENCY")
                .queryParam("unit", AGENCY).get("/api/v1/index").then().statusCode(200)
                .contentType(IndexExport.XLSX)
                .header("Content-Disposition", containsString("chi-so-bcci-2026-11-AGENCY.xlsx")).extract()
                .asByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ranking = book.getSheet("Chỉ số BCCI");
            assertTrue(ranking.getRow(0).getCell(0).getStringCellValue().contains("kỳ 2026-11 (01/11/2026 – "
                    + "30/11/2026), so với kỳ 2026-10; cấp: Cơ quan"));
            Row header = ranking.getRow(2);
            Row row = ranking.getRow(3);
            assertNull(ranking.getRow(4), "one unit asked for, one row");
            Map<String, Cell> byHeader = new HashMap<>();
            for (Cell h : header) {
                byHeader.put(h.getStringCellValue(), row.getCell(h.getColumnIndex()));
            }
            assertEquals(IndexExport.COLUMNS.size(), byHeader.size());
            assertEquals(AGENCY, byHeader.get("Đơn vị").getStringCellValue());
            assertEquals("Khác", byHeader.get("Loại đơn vị").getStringCellValue());
            assertEquals(((Number) api.get("rank")).doubleValue(), byHeader.get("Hạng").getNumericCellValue());
            assertEquals(((Number) api.get("score")).doubleValue(), byHeader.get("Tổng điểm").getNumericCellValue(),
                    1e-6);
            String[] fields = {"offered", "intakeByPost", "returnByPost", "onTime", "firstAttemptDelivery",
                    "transparency"};
            for (int k = 0; k < fields.length; k++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> measure = (Map<String, Object>) ((Map<String, Object>) api.get("criteria"))
                        .get(fields[k]);
                String name = IndexExport.CRITERIA.get(k).name();
                assertEquals(((Number) measure.get("count")).doubleValue(),
                        byHeader.get(name + ": số lượng").getNumericCellValue(), name);
                assertEquals(((Number) measure.get("of")).doubleValue(),
                        byHeader.get(name + ": trên tổng số").getNumericCellValue(), name);
                assertEquals(((Number) measure.get("share")).doubleValue(),
                        byHeader.get(name + ": tỷ lệ").getNumericCellValue(), 1e-6, name);
                assertEquals(((Number) measure.get("score")).doubleValue(),
                        byHeader.get(name + ": điểm").getNumericCellValue(), 1e-6, name);
            }
            Sheet definitions = book.getSheet("Định nghĩa");
            assertEquals("Hồ sơ BCCI đúng hạn", definitions.getRow(4).getCell(0).getStringCellValue());
            assertEquals(25.0, definitions.getRow(4).getCell(1).getNumericCellValue());
        }
        String csv = index("operator", "period", "2026-11", "level", "AGENCY", "unit", AGENCY, "format", "csv")
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("\ufeffHạng,Đơn vị,Loại đơn vị,Tổng điểm,Tổng điểm kỳ trước,"
                + "Thủ tục cung cấp qua BCCI: số lượng"), lines.get(0));
        assertTrue(lines.get(1).startsWith("1," + AGENCY + ",Khác," + api.get("score") + ","), lines.get(1));
    }

    @Test
    void anAgencySeesItsOwnUnitOnlyAndBadParametersAreNamed() {
        index("agency-h22", "level", "UNIT").statusCode(200).body("items.unit", everyItem(equalTo("H22")));
        index("agency-h22", "level", "AGENCY").statusCode(200)
                .body("items.unit", everyItem(equalTo("000.00.01.H22")));
        index("agency-h22", "level", "UNIT", "unit", UNIT).statusCode(403);
        index("agency-h22", "level", "NATIONAL").statusCode(200);
        index("operator", "period", "2026-13").statusCode(400).body("errors[0].field", equalTo("period"))
                .body("detail", containsString("a quarter (2026-Q4)"));
        index("operator", "period", "1999").statusCode(400).body("errors[0].field", equalTo("period"));
        index("operator", "level", "PROVINCE").statusCode(400).body("errors[0].field", equalTo("level"));
        index("operator", "level", "UNIT", "unit", "h22; DROP").statusCode(400).body("errors[0].field",
                equalTo("unit"));
        index("operator", "format", "pdf").statusCode(400).body("errors[0].field", equalTo("format"));
        index("operator", "limit", "0").statusCode(400).body("errors[0].field", equalTo("limit"));
        index("vnpost").statusCode(403);
    }
}
