package vn.bcci.dossier.lifecycle;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class DossierResourceTest {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 10_000_000);
    private static final String H22 = "000.00.01.H22";

    @Inject
    EntityManager em;

    @org.junit.jupiter.api.BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    static String postalDossier(String trackingNumber) {
        return """
                {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh cho con",
                 "applicant": {"type": "CITIZEN", "name": "Nguyễn Văn An", "idNumber": "001203004567",
                   "phone": "0912345789", "address": {"line": "12 Hàng Bài", "ward": "Hàng Bài",
                   "district": "Hoàn Kiếm", "province": "Hà Nội"}},
                 "inboundTrackingNumber": "%s"}""".formatted(trackingNumber);
    }

    static String newTrackingNumber() {
        return TrackingNumber.of("EB", SERIAL.incrementAndGet());
    }

    private String register(String body) {
        return given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/dossiers")
                .then().statusCode(201)
                .body("code", matchesPattern("000\\.00\\.01\\.H22-\\d{6}-\\d{4}"))
                .body("status", equalTo("SUBMITTED")).body("portalStatus", equalTo(1))
                .extract().path("code");
    }

    private void inProgress(String code, String agency, String dueAt, boolean paused) {
        em.createNativeQuery("""
                INSERT INTO dossier (code, agency_code, procedure_code, channel, return_method, status, applicant_type,
                  applicant_name, summary, submitted_at, accepted_at, due_at, clock_paused_at)
                VALUES (?1, ?2, '1.001612', 'ONLINE', 'IN_PERSON', 'IN_PROGRESS', 'CITIZEN', 'Trần Văn Bình',
                  'Cấp phép xây dựng', CAST(?3 AS TIMESTAMPTZ) - interval '30 days',
                  CAST(?3 AS TIMESTAMPTZ) - interval '30 days', CAST(?3 AS TIMESTAMPTZ),
                  CASE WHEN ?4 THEN CAST(?3 AS TIMESTAMPTZ) ELSE NULL END)
                """).setParameter(1, code).setParameter(2, agency).setParameter(3, dueAt).setParameter(4, paused)
                .executeUpdate();
    }

    private static io.restassured.path.json.JsonPath overdue(String client, String query) {
        return given().header("Authorization", Tokens.bearer(client)).get("/api/v1/dossiers?overdue=true" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theOverdueListShowsTheMostOverdueFirstPageByPageEachAgencyItsOwn() {
        String n = Long.toString(System.nanoTime() % 1_000_000);
        String first = H22 + "-OVD-A" + n;
        String second = H22 + "-OVD-B" + n;
        String paused = H22 + "-OVD-P" + n;
        String other = "000.00.00.G12-OVD-G" + n;
        QuarkusTransaction.requiringNew().run(() -> {
            inProgress(second, H22, "2000-01-06T00:00:00Z", false);
            inProgress(first, H22, "2000-01-05T00:00:00Z", false);
            inProgress(paused, H22, "2000-01-04T00:00:00Z", true); // waiting for the applicant: its clock stands
            inProgress(other, "000.00.00.G12", "2000-01-03T00:00:00Z", false);
        });
        io.restassured.path.json.JsonPath page1 = overdue("agency-h22", "&limit=1");
        assertEquals(List.of(first), page1.getList("items.code"));
        assertEquals(true, page1.getBoolean("items[0].overdue"));
        io.restassured.path.json.JsonPath page2 = overdue("agency-h22", "&limit=1&cursor="
                + page1.getString("nextCursor"));
        assertEquals(List.of(second), page2.getList("items.code"));
        assertEquals(List.of(other, first, second), overdue("operator", "&limit=3").getList("items.code"));
        assertEquals(List.of(other), overdue("operator", "&limit=1&agency=000.00.00.G12").getList("items.code"));
    }

    @Test
    void registersAPostalDossierAndAnnouncesItOnDossierEventsThroughTheOutbox() {
        String code = register(postalDossier(newTrackingNumber()));

        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code)
                .then().statusCode(200).body("channel", equalTo("POSTAL"));
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(Topics.DOSSIER_EVENTS,
                r -> code.equals(r.key()), Duration.ofSeconds(20));
        ConsumerRecord<String, String> record = records.stream().filter(r -> code.equals(r.key())).findFirst()
                .orElseThrow();
        assertEquals(EventTypes.DOSSIER_REGISTERED, header(record, "ce_type"));
        assertEquals(code, header(record, "ce_subject"));
        DossierEventData data = EventJson.read(record.value(), DossierEventData.class);
        assertEquals(H22, data.agencyCode());
        assertEquals("SUBMITTED", data.status().name());
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        given().contentType(ContentType.JSON).body(postalDossier(newTrackingNumber()))
                .when().post("/api/v1/dossiers").then().statusCode(401);
    }

    @Test
    void anotherAgencySeesNothingOfTheDossierAndCannotRegisterForIt() {
        String code = register(postalDossier(newTrackingNumber()));
        given().header("Authorization", Tokens.bearer("agency-g12")).get("/api/v1/dossiers/" + code)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("agency-g12")).get("/api/v1/dossiers/" + code + "/timeline")
                .then().statusCode(404);
        given().header("Authorization", Tokens.bearer("agency-g12")).contentType(ContentType.JSON)
                .body(postalDossier(newTrackingNumber())).post("/api/v1/dossiers").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/dossiers/" + code)
                .then().statusCode(200);
    }

    @Test
    void aBadPhoneIsRefusedNamingTheFieldAndNothingIsStored() {
        String tracking = newTrackingNumber();
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body(postalDossier(tracking).replace("0912345789", "12345"))
                .when().post("/api/v1/dossiers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("applicant.phone"));
        // the same tracking number is still free: nothing half-written stayed behind
        register(postalDossier(tracking));
    }

    @Test
    void refusesUnknownProceduresAndPostWhereTheCatalogueForbidsIt() {
        String bearer = Tokens.bearer("agency-h22");
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(postalDossier(newTrackingNumber()).replace("1.001612", "9.999999"))
                .post("/api/v1/dossiers").then().statusCode(400).body("errors[0].field", equalTo("procedureCode"));
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(postalDossier(newTrackingNumber()).replace("1.001612", CatalogueFixture.MARRIAGE))
                .post("/api/v1/dossiers").then().statusCode(400).body("errors[0].field", equalTo("channel"));
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(postalDossier(newTrackingNumber()).replace("1.001612", CatalogueFixture.LAND))
                .post("/api/v1/dossiers").then().statusCode(400).body("errors[0].field", equalTo("returnMethod"));
    }

    @Test
    void aTrackingNumberWithAWrongCheckDigitIsRefused() {
        String valid = newTrackingNumber();
        String wrong = valid.substring(0, 10) + ((valid.charAt(10) - '0' + 1) % 10) + "VN";
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body(postalDossier(wrong)).post("/api/v1/dossiers")
                .then().statusCode(400).body("errors[0].field", equalTo("inboundTrackingNumber"));
    }

    @Test
    void aPostalEventReachesTheTimelineOnceEvenWhenRedelivered() {
        String tracking = newTrackingNumber();
        String code = register(postalDossier(tracking));
        ShipmentEventData data = new ShipmentEventData(tracking, Direction.INBOUND, null, H22,
                ShipmentState.ACCEPTED, ShipmentState.REGISTERED,
                new ShipmentEventData.TrackingEvent("vnp-1", "EMA", ShipmentState.ACCEPTED, Instant.now(), "100000",
                        "Bưu cục Hà Nội", null, null));
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), EventTypes.SHIPMENT_EVENT_RECORDED,
                "/postal-tracking-service", tracking, Instant.now(), EventJson.write(data));
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, tracking, event);
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, tracking, event);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code + "/timeline")
                .then().statusCode(200).body("entries", hasSize(2))
                .body("entries[1].kind", equalTo("POSTAL")).body("entries[1].source",
                        equalTo("postal-tracking-service")));
        // a later, different event proves the redelivery was consumed (and skipped), not merely not yet read
        CloudEvent later = new CloudEvent(UUID.randomUUID().toString(), EventTypes.SHIPMENT_EVENT_RECORDED,
                "/postal-tracking-service", tracking, Instant.now(), EventJson.write(data));
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, tracking, later);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code + "/timeline")
                .then().body("entries", hasSize(3)));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
