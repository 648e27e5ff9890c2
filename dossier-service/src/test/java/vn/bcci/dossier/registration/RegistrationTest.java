package vn.bcci.dossier.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class RegistrationTest {
    private static final String HANDLER = "\"handler\": {\"name\": \"Lê Văn Cường\"}";

    @BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    private static String body(String summary) {
        return """
                {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "ONLINE",
                 "returnMethod": "POSTAL", "summary": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Đỗ Minh Khoa", "phone": "0901234567"}}"""
                .formatted(summary);
    }

    @Test
    void concurrentRegistrationsNeverShareAGeneratedCode() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String summary = "concurrent " + i;
                Callable<String> call = () -> given().header("Authorization", Tokens.bearer("agency-h22"))
                        .contentType(ContentType.JSON).body(body(summary)).post("/api/v1/dossiers")
                        .then().statusCode(201).extract().path("code");
                calls.add(pool.submit(call));
            }
            Set<String> codes = new HashSet<>();
            for (Future<String> c : calls) {
                codes.add(c.get());
            }
            assertEquals(40, codes.size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerNotASecondDossier() {
        String key = UUID.randomUUID().toString();
        String first = given().header("Authorization", Tokens.bearer("agency-h22")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body("idempotent")).post("/api/v1/dossiers")
                .then().statusCode(201).header("Idempotent-Replayed", "false").extract().path("code");
        given().header("Authorization", Tokens.bearer("agency-h22")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body("idempotent")).post("/api/v1/dossiers")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("code", equalTo(first));
        given().header("Authorization", Tokens.bearer("agency-h22")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body("something else")).post("/api/v1/dossiers")
                .then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void anExistingCodeIs409() {
        String code = "000.00.01.H22-261122-" + (100_000 + (System.nanoTime() % 800_000));
        String withCode = body("explicit code").replaceFirst("\\{", "{\"code\": \"" + code + "\", ");
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body(withCode)
                .post("/api/v1/dossiers").then().statusCode(201).body("code", equalTo(code));
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body(withCode)
                .post("/api/v1/dossiers").then().statusCode(409);
    }

    @Test
    void listsOnlyTheAgencysOwnWithFiltersAndCursorPagesThatNeitherRepeatNorSkip() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                    .body(body("page " + i)).post("/api/v1/dossiers").then().statusCode(201);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = given().header("Authorization", Tokens.bearer("agency-h22"))
                    .queryParam("channel", "ONLINE").queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/api/v1/dossiers")
                    .then().statusCode(200).extract().jsonPath();
            List<String> codes = page.getList("items.code");
            page.getList("items.agencyCode").forEach(a -> assertEquals("000.00.01.H22", a));
            codes.forEach(c -> org.junit.jupiter.api.Assertions.assertTrue(seen.add(c), "repeated " + c));
            // a registration while paging does not disturb the pages already read
            given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                    .body(body("during paging")).post("/api/v1/dossiers").then().statusCode(201);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 200);
        org.junit.jupiter.api.Assertions.assertTrue(seen.size() >= 5);
        given().header("Authorization", Tokens.bearer("agency-g12")).queryParam("agency", "000.00.01.H22")
                .get("/api/v1/dossiers").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("agency-h22")).queryParam("status", "LOST")
                .get("/api/v1/dossiers").then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void anOverdueDossierIsListedAsOverdue() {
        Instant submitted = Instant.now().minus(60, ChronoUnit.DAYS);
        String code = given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body(body("late one").replace("\"summary\"", "\"submittedAt\": \"" + submitted + "\", \"summary\""))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("{\"to\": \"ACCEPTED\", \"at\": \"" + submitted.plusSeconds(60) + "\", " + HANDLER + "}")
                .post("/api/v1/dossiers/" + code + "/transitions").then().statusCode(200).body("overdue",
                        equalTo(true));
        List<String> overdue = given().header("Authorization", Tokens.bearer("agency-h22"))
                .queryParam("overdue", "true").queryParam("limit", 500).get("/api/v1/dossiers")
                .then().statusCode(200).extract().jsonPath().getList("items.code");
        org.junit.jupiter.api.Assertions.assertTrue(overdue.contains(code));
    }

    @Test
    void theOutboundDeliveryReturnsTheResultAndAFailedOneIsFlagged() {
        Instant submitted = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String bearer = Tokens.bearer("agency-h22");
        String code = given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(body("returned by post").replace("\"summary\"", "\"submittedAt\": \"" + submitted
                        + "\", \"summary\""))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        Instant t = submitted;
        for (String to : List.of("ACCEPTED", "IN_PROGRESS", "RESULT_READY")) {
            t = t.plus(1, ChronoUnit.HOURS);
            given().header("Authorization", bearer).contentType(ContentType.JSON)
                    .body("{\"to\": \"" + to + "\", \"at\": \"" + t + "\", " + HANDLER + "}")
                    .post("/api/v1/dossiers/" + code + "/transitions").then().statusCode(200);
        }
        String item = TrackingNumber.of("RR", System.nanoTime() % 10_000_000);
        send(code, item, ShipmentState.DELIVERY_FAILED, t.plus(1, ChronoUnit.DAYS));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", bearer).get("/api/v1/dossiers/" + code).then()
                .body("postalFlag", org.hamcrest.Matchers.startsWith("DELIVERY_FAILED"))
                .body("status", equalTo("RESULT_READY")).body("outboundTrackingNumber", equalTo(item)));
        KafkaTestClient.readUntil(Topics.DOSSIER_EVENTS, r -> code.equals(r.key())
                && EventTypes.DOSSIER_POSTAL_NOTED.equals(new String(r.headers().lastHeader("ce_type").value()))
                && r.value().contains("DELIVERY_FAILED"), Duration.ofSeconds(20));
        Instant delivered = t.plus(2, ChronoUnit.DAYS);
        send(code, item, ShipmentState.DELIVERED, delivered);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", bearer).get("/api/v1/dossiers/" + code).then()
                .body("status", equalTo("RESULT_RETURNED")).body("returnedAt", equalTo(delivered.toString())));
    }

    @Test
    void aDossierVnpostCollectedFirstAppearsAndTheAgencysRegistrationCompletesItWithoutADuplicate() {
        String item = TrackingNumber.of("EC", System.nanoTime() % 10_000_000);
        ShipmentEventData registered = new ShipmentEventData(item, Direction.INBOUND, null, "000.00.01.H22",
                ShipmentState.REGISTERED, null, null, CatalogueFixture.BIRTH,
                new ShipmentEventData.Sender("Vũ Thị Lan", "0934567890"));
        Instant collected = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, item, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.SHIPMENT_REGISTERED, "/postal-tracking-service", item, collected,
                EventJson.write(registered)));
        String bearer = Tokens.bearer("agency-h22");
        String[] appeared = new String[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var page = given().header("Authorization", bearer).queryParam("channel", "POSTAL")
                    .queryParam("receivedFrom", collected.toString()).queryParam("limit", 500)
                    .get("/api/v1/dossiers").then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.inboundTrackingNumber");
            org.junit.jupiter.api.Assertions.assertTrue(items.contains(item));
            appeared[0] = page.getString("items.find { it.inboundTrackingNumber == '" + item + "' }.code");
        });
        String body = ("{\"procedureCode\": \"1.001612\", \"agencyCode\": \"000.00.01.H22\", \"channel\": \"POSTAL\","
                + " \"returnMethod\": \"POSTAL\", \"summary\": \"Đăng ký khai sinh\", \"inboundTrackingNumber\": \"%s\","
                + " \"applicant\": {\"type\": \"CITIZEN\", \"name\": \"Vũ Thị Lan\", \"idNumber\": \"001190054321\"}}")
                .formatted(item);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/api/v1/dossiers")
                .then().statusCode(201).body("code", equalTo(appeared[0])).body("status", equalTo("SUBMITTED"))
                .body("applicant.idNumber", equalTo("001190054321"));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/api/v1/dossiers")
                .then().statusCode(409).body("errors[0].field", equalTo("inboundTrackingNumber"));
    }

    @Test
    void anItemCollectedForAProcedureThatTakesNoDossierByPostMakesNoDossier() {
        String refused = TrackingNumber.of("EF", System.nanoTime() % 10_000_000);
        String taken = TrackingNumber.of("EG", System.nanoTime() % 10_000_000);
        Instant collected = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        // one key for both, so the second is read after the first
        for (String[] item : List.of(new String[]{refused, CatalogueFixture.MARRIAGE},
                new String[]{taken, CatalogueFixture.BIRTH})) {
            ShipmentEventData registered = new ShipmentEventData(item[0], Direction.INBOUND, null, "000.00.01.H22",
                    ShipmentState.REGISTERED, null, null, item[1],
                    new ShipmentEventData.Sender("Vũ Thị Lan", "0934567890"));
            KafkaTestClient.send(Topics.SHIPMENT_EVENTS, refused, new CloudEvent(UUID.randomUUID().toString(),
                    EventTypes.SHIPMENT_REGISTERED, "/postal-tracking-service", item[0], collected,
                    EventJson.write(registered)));
        }
        String bearer = Tokens.bearer("agency-h22");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> org.junit.jupiter.api.Assertions.assertTrue(inboundItems(bearer, collected).contains(taken)));
        org.junit.jupiter.api.Assertions.assertFalse(inboundItems(bearer, collected).contains(refused),
                "marriage registration takes no dossier by post (NhanQuaBCCI 0)");
    }

    private static List<String> inboundItems(String bearer, Instant from) {
        return given().header("Authorization", bearer).queryParam("channel", "POSTAL")
                .queryParam("receivedFrom", from.toString()).queryParam("limit", 500).get("/api/v1/dossiers").then()
                .statusCode(200).extract().jsonPath().getList("items.inboundTrackingNumber");
    }

    private static void send(String code, String item, ShipmentState state, Instant at) {
        ShipmentEventData data = new ShipmentEventData(item, Direction.OUTBOUND, code, "000.00.01.H22", state, null,
                new ShipmentEventData.TrackingEvent(null, state == ShipmentState.DELIVERED ? "EMI" : "EMH", state, at,
                        "700000", "Bưu cục Quận 1", null, null));
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.SHIPMENT_EVENT_RECORDED, "/postal-tracking-service", code, at, EventJson.write(data)));
    }
}
