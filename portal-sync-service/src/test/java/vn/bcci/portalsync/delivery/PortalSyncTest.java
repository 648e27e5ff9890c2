package vn.bcci.portalsync.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.bcci.portalsync.DossierEvents.H22;
import static vn.bcci.portalsync.DossierEvents.SEQ;
import static vn.bcci.portalsync.DossierEvents.T0;
import static vn.bcci.portalsync.DossierEvents.milestone;
import static vn.bcci.portalsync.DossierEvents.newCode;
import static vn.bcci.portalsync.DossierEvents.publishDossier;
import static vn.bcci.portalsync.DossierEvents.registered;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.portalsim.Misbehaviour;
import vn.bcci.portalsim.PortalSimulator;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class PortalSyncTest {

    private final PortalSimulator portal = SharedInfra.portal();
    @Inject
    SyncMetrics metrics;
    @Inject
    MeterRegistry registry;

    @AfterEach
    void behave() {
        portal.misbehave(Misbehaviour.NONE);
    }

    @Test
    void aRegisteredPostalDossierReachesThePortalWithStatus1AndChannel3() {
        String code = newCode();
        publishDossier(registered(code, TrackingNumber.of("EB", SEQ.get())), EventTypes.DOSSIER_REGISTERED, T0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertNotNull(portal.dossier(code)));
        JsonNode held = portal.dossier(code);
        assertEquals("1", held.get("TrangThaiHoSo").asText());
        assertEquals("3", held.get("KenhThucHien").asText());
        assertEquals("Đăng ký khai sinh", held.get("TenTTHC").asText());

        // the answer is counted for the console's last-hour chart, every instance's calls together
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/answers?agency=" + H22).then()
                .statusCode(200).body("findAll { it.answer == '0' }.calls.sum()", greaterThanOrEqualTo(1)));
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/sync/answers?minutes=0").then()
                .statusCode(400).body("errors[0].field", equalTo("minutes"));
    }

    @Test
    void aPostalMilestoneBecomesOneProgressEntryEvenWhenRedelivered() {
        String code = newCode();
        String tracking = TrackingNumber.of("EB", SEQ.get());
        publishDossier(registered(code, tracking), EventTypes.DOSSIER_REGISTERED, T0);
        CloudEvent accepted = milestone(code, tracking, ShipmentState.ACCEPTED, 1);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, accepted);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, accepted);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, milestone(code, tracking, ShipmentState.DELIVERED, 90));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(2, entries(code).size()));
        assertEquals(List.of("EMA-first", "then delivered"), List.of(
                entries(code).get(0).get("NoiDungXuLy").asText().startsWith("Bưu điện đã nhận") ? "EMA-first" : "?",
                entries(code).get(1).get("NoiDungXuLy").asText().contains("chuyển giao") ? "then delivered" : "?"));

        // the dossier's page, found by its tracking number: both steps, each delivered to the portal, with the post
        // office; the time the item spent at the post (1 to 90 minutes) apart from the agency's
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/timeline/" + tracking).then()
                .statusCode(200).body("dossierCode", equalTo(code))
                .body("lines.findAll { it.kind == 'POSTAL' }.delivery", org.hamcrest.Matchers.contains("SENT", "SENT"))
                .body("lines.findAll { it.kind == 'POSTAL' }[0].text", org.hamcrest.Matchers.containsString("Hà Nội"))
                .body("clock.inboundPostSeconds", equalTo(89 * 60))
                // the same leg in working time, as the shipped calendar counts it (none at night or on a weekend)
                .body("clock.inboundPostWorkingSeconds", equalTo((int) shippedCalendar().workingSeconds(
                        T0.plusSeconds(60), T0.plusSeconds(90 * 60)))));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/timeline/bad%20key").then()
                .statusCode(400).body("errors[0].field", equalTo("codeOrTracking"));
    }

    @Test
    void everyDossierAndEntryArrivesExactlyOnceThroughFailuresTimeoutsAndExpiredSessions() {
        portal.misbehave(new Misbehaviour(0.3, 0.1, 0, false, 0, 1800));
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String code = newCode();
            String tracking = TrackingNumber.of("EB", SEQ.get());
            codes.add(code);
            publishDossier(registered(code, tracking), EventTypes.DOSSIER_REGISTERED, T0);
            KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, milestone(code, tracking, ShipmentState.ACCEPTED, 1));
            KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, milestone(code, tracking, ShipmentState.DELIVERED, 60));
            if (i == 6) {
                portal.expireSessions();
            }
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> codes.forEach(code -> assertEquals(2, entries(code).size(), code)));
        for (String code : codes) {
            Set<String> distinct = new HashSet<>();
            entries(code).forEach(e -> distinct.add(e.get("ThoiDiemXuLy").asText() + e.get("NoiDungXuLy").asText()));
            assertEquals(2, distinct.size(), "no entry shown twice for " + code);
        }
    }

    @Test
    void entriesWhoseAnswerWasLostAreLookedUpNotSentTwice() {
        String code = newCode();
        String tracking = TrackingNumber.of("EB", SEQ.get());
        publishDossier(registered(code, tracking), EventTypes.DOSSIER_REGISTERED, T0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertNotNull(portal.dossier(code)));
        long lookupsBefore = portal.answerCounts().getOrDefault("TraCuuHoSo:0", 0L);

        // the portal stores the entry, but the answer never reaches us
        portal.loseAnswers("CapNhatTienDoHoSoMC", 1);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, milestone(code, tracking, ShipmentState.ACCEPTED, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, entries(code).size()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/" + code)
                .then().body("entriesSent", equalTo(1)).body("entriesOwed", equalTo(0)));

        // a later step still flows, and the first is still there once
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, milestone(code, tracking, ShipmentState.DELIVERED, 60));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(2, entries(code).size()));
        org.junit.jupiter.api.Assertions.assertTrue(
                portal.answerCounts().getOrDefault("TraCuuHoSo:0", 0L) > lookupsBefore,
                "the entry in doubt was looked up before anything was resent");
    }

    @Test
    void aRefusedDossierIsParkedWithThePortalsMessageAndOthersKeepFlowing() {
        String bad = newCode();
        DossierEventData accepted = withStatus(registered(bad, null), DossierStatus.ACCEPTED);
        publishDossier(accepted, EventTypes.DOSSIER_STATUS_CHANGED, T0);
        String good = newCode();
        publishDossier(registered(good, null), EventTypes.DOSSIER_REGISTERED, T0);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync?state=PARKED")
                .then().statusCode(200).body("items.dossierCode", hasItem(bad)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertNotNull(portal.dossier(good)));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/" + bad)
                .then().body("syncState", equalTo("PARKED"))
                .body("lastAnswer", org.hamcrest.Matchers.containsString("NgayTiepNhan"))
                .body("record.SoDienThoai", equalTo("09x****789"));
        metrics.refresh();
        assertTrue(registry.get("portal.sync.parked").gauge().value() >= 1, "parked dossiers are in the metrics");

        // an operator resends it (the console's button): recorded with who did it, whatever the portal says next
        given().header("Authorization", Tokens.bearer("operator")).post("/api/v1/sync/" + bad + "/retry").then()
                .statusCode(200).body("syncState", equalTo("PENDING"));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/audit").then().statusCode(200)
                .body("find { it.target == '" + bad + "' }.action", equalTo("RESEND_DOSSIER"))
                .body("find { it.target == '" + bad + "' }.actor", equalTo("operator"));
        given().header("Authorization", Tokens.bearer("agency-h22")).post("/api/v1/sync/" + bad + "/retry").then()
                .statusCode(403);
        // its page: found by its code, the portal's refusal in its timeline; another agency learns nothing
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/timeline/" + bad).then()
                .statusCode(200).body("syncState", equalTo("PARKED")).body("agencyCode", equalTo(H22))
                .body("lines.kind", hasItem("SYNC_OUTCOME")));
        given().header("Authorization", Tokens.bearer("agency-g12")).get("/api/v1/timeline/" + bad).then()
                .statusCode(404);

        // the agency fixes the data: a newer event retries it
        DossierEventData fixed = new DossierEventData(bad, H22, null, "1.001612", null, Channel.POSTAL,
                ReturnMethod.POSTAL, DossierStatus.ACCEPTED, accepted.applicant(), "Đăng ký khai sinh", T0,
                T0.plusSeconds(60), T0.plusSeconds(86_400), null, null, null, null, null);
        publishDossier(fixed, EventTypes.DOSSIER_STATUS_CHANGED, T0.plusSeconds(60));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("2",
                portal.dossier(bad) == null ? null : portal.dossier(bad).get("TrangThaiHoSo").asText()));
    }

    @Test
    void theResultDeliveredByPostIsStatus10AndOneEntryTheStep() {
        String code = newCode();
        DossierEventData ready = new DossierEventData(code, H22, null, "1.001612", null, Channel.ONLINE,
                ReturnMethod.POSTAL, DossierStatus.RESULT_READY, registered(code, null).applicant(),
                "Đăng ký khai sinh",
                T0, T0.plusSeconds(60), T0.plusSeconds(86_400), T0.plusSeconds(600), null, null, null, null);
        publishDossier(ready, EventTypes.DOSSIER_STATUS_CHANGED, T0.plusSeconds(600));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("9",
                portal.dossier(code) == null ? null : portal.dossier(code).get("TrangThaiHoSo").asText()));
        long recordCalls = portal.answerCounts().getOrDefault("DongBoHoSoMC:0", 0L);

        String item = TrackingNumber.of("RR", SEQ.incrementAndGet());
        Instant delivered = T0.plusSeconds(1800);
        ShipmentEventData.TrackingEvent event = new ShipmentEventData.TrackingEvent(null, "EMI",
                ShipmentState.DELIVERED, delivered, "700000", "Bưu cục Quận 1", null, null);
        DossierEventData returned = new DossierEventData(code, H22, null, "1.001612", null, Channel.ONLINE,
                ReturnMethod.POSTAL, DossierStatus.RESULT_RETURNED, ready.applicant(), "Đăng ký khai sinh", T0,
                T0.plusSeconds(60), T0.plusSeconds(86_400), T0.plusSeconds(600), delivered, null, item,
                new DossierEventData.Transition(DossierStatus.RESULT_READY, DossierStatus.RESULT_RETURNED, delivered,
                        DossierEventData.Handler.VNPOST, "Đã phát kết quả"),
                null, null, new DossierEventData.PostalStep(UUID.randomUUID().toString(), item, Direction.OUTBOUND,
                        event));
        publishDossier(returned, EventTypes.DOSSIER_STATUS_CHANGED, delivered);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("10",
                portal.dossier(code).get("TrangThaiHoSo").asText()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, entries(code).size()));
        assertEquals("Đã phát kết quả cho người nhận, mã bưu gửi " + item,
                entries(code).get(0).get("NoiDungXuLy").asText(), "the step is the entry, the move adds none");
        assertEquals("10", entries(code).get(0).get("TrangThai").asText());

        // a later postal step that changes nothing of the record owes the portal no record call, only its entry
        long afterDelivery = portal.answerCounts().getOrDefault("DongBoHoSoMC:0", 0L);
        assertTrue(afterDelivery > recordCalls);
        ShipmentEventData.TrackingEvent stray = new ShipmentEventData.TrackingEvent(null, "EMH",
                ShipmentState.OUT_FOR_DELIVERY, delivered.minusSeconds(600), "700000", "Bưu cục Quận 1", null, null);
        publishDossier(new DossierEventData(code, H22, null, "1.001612", null, Channel.ONLINE, ReturnMethod.POSTAL,
                DossierStatus.RESULT_RETURNED, ready.applicant(), "Đăng ký khai sinh", T0, T0.plusSeconds(60),
                T0.plusSeconds(86_400), T0.plusSeconds(600), delivered, null, item, null, null, null,
                new DossierEventData.PostalStep(UUID.randomUUID().toString(), item, Direction.OUTBOUND, stray)),
                EventTypes.DOSSIER_POSTAL_NOTED, delivered.plusSeconds(60));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(2, entries(code).size()));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/" + code).then()
                .body("revision", equalTo(2));
    }

    @Test
    void theDashboardIsServedAndReadsASummaryOnlyOperatorsGet() {
        given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"))
                .body(org.hamcrest.Matchers.containsString("console/app.js"));
        given().get("/console/app.js").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/v1/sync/summary"));
        given().get("/console/config.json").then().statusCode(200).body("clientId", equalTo("operator-console"));
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/sync/summary").then()
                .statusCode(403);
        metrics.refresh();
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/sync/summary").then()
                .statusCode(200).body("breakerOpen", equalTo(false))
                .body("sync.parked", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("calls.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void theSyncViewNeedsAToken() {
        given().get("/api/v1/sync/anything").then().statusCode(401);
    }

    private static DossierEventData withStatus(DossierEventData d, DossierStatus status) {
        return new DossierEventData(d.code(), d.agencyCode(), null, d.procedureCode(), null, d.channel(),
                d.returnMethod(), status, d.applicant(), d.summary(), d.submittedAt(), d.acceptedAt(), d.dueAt(),
                null, null, d.inboundTrackingNumber(), null, null);
    }

    private List<JsonNode> entries(String code) {
        JsonNode d = portal.dossier(code);
        List<JsonNode> list = new ArrayList<>();
        if (d != null) {
            d.get("TienDo").forEach(list::add);
        }
        return list;
    }

    private static vn.bcci.contracts.calendar.WorkingCalendar shippedCalendar() throws java.io.IOException {
        try (java.io.InputStream csv = vn.bcci.contracts.calendar.WorkingCalendar.class
                .getResourceAsStream(vn.bcci.contracts.calendar.WorkingCalendar.SHIPPED_HOLIDAYS)) {
            return vn.bcci.contracts.calendar.WorkingCalendar.fromCsv(csv);
        }
    }
}
