package vn.bcci.dossier.postalsteps;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
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

/**
 * dossier-service is the one owner of a dossier's steps: every postal event of its items becomes one dossier event
 * carrying it ({@code postalStep}), after the registration and in the dossier's one order, so that the portal shows the
 * steps as they happened whatever order the two topics drain in.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class PostalStepsTest {
    private static final String H22 = "000.00.01.H22";

    @Inject
    EntityManager em;

    @org.junit.jupiter.api.BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    @Test
    void inboundEventsThatCameBeforeTheDossierApplyInTimeOrderWhenItIsRegistered() {
        String item = TrackingNumber.of("ED", System.nanoTime() % 10_000_000);
        Instant accepted = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant delivered = accepted.plus(2, ChronoUnit.HOURS);
        // the later step first: VNPost's events for an item may reach us in any order, and before its dossier
        String deliveredId = inbound(item, ShipmentState.DELIVERED, "EMI", delivered);
        String acceptedId = inbound(item, ShipmentState.ACCEPTED, "EMA", accepted);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> waiting(item) == 2);

        String code = given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL", "returnMethod": "POSTAL",
                         "summary": "Đăng ký khai sinh", "inboundTrackingNumber": "%s",
                         "applicant": {"type": "CITIZEN", "name": "Vũ Thị Lan"}}""".formatted(H22, item))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");

        assertEquals(0, waiting(item), "nothing is left waiting once the dossier appeared");
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code).then()
                .body("receivedFromPostAt", equalTo(delivered.toString()));
        List<String> kinds = given().header("Authorization", Tokens.bearer("agency-h22"))
                .get("/api/v1/dossiers/" + code + "/timeline").then().statusCode(200).extract().jsonPath()
                .getList("entries.kind");
        assertEquals(2, kinds.stream().filter("POSTAL"::equals).count(), "both postal events on the timeline");

        List<ConsumerRecord<String, String>> events = eventsOf(code, 3);
        assertEquals(EventTypes.DOSSIER_REGISTERED, type(events.get(0)), "the registration comes first");
        assertEquals(List.of(acceptedId, deliveredId), events.subList(1, 3).stream()
                .map(r -> data(r).postalStep().shipmentEventId())
                .toList(), "then each postal event once, in the order they happened");
        assertEquals(List.of(EventTypes.DOSSIER_POSTAL_NOTED, EventTypes.DOSSIER_POSTAL_NOTED),
                events.subList(1, 3).stream().map(PostalStepsTest::type).toList());
    }

    @Test
    void theDeliveryThatReturnsTheResultIsTheStatusChangeAndCarriesItsStep() {
        String bearer = Tokens.bearer("agency-h22");
        Instant t = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = given().header("Authorization", bearer).contentType(ContentType.JSON).body("""
                {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "ONLINE", "returnMethod": "POSTAL",
                 "summary": "Đăng ký khai sinh", "submittedAt": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Đỗ Minh Khoa"}}""".formatted(H22, t))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        for (String to : List.of("ACCEPTED", "IN_PROGRESS", "RESULT_READY")) {
            t = t.plus(1, ChronoUnit.HOURS);
            given().header("Authorization", bearer).contentType(ContentType.JSON)
                    .body("{\"to\": \"" + to + "\", \"at\": \"" + t + "\", \"handler\": {\"name\": \"Lê Văn Tâm\"}}")
                    .post("/api/v1/dossiers/" + code + "/transitions").then().statusCode(200);
        }
        String item = TrackingNumber.of("RE", System.nanoTime() % 10_000_000);
        String posted = outbound(code, item, ShipmentState.ACCEPTED, "EMA", t.plus(1, ChronoUnit.HOURS));
        String handed = outbound(code, item, ShipmentState.DELIVERED, "EMI", t.plus(20, ChronoUnit.HOURS));

        List<ConsumerRecord<String, String>> events = eventsOf(code, 6);
        DossierEventData noted = data(events.get(4));
        DossierEventData returned = data(events.get(5));
        assertEquals(EventTypes.DOSSIER_POSTAL_NOTED, type(events.get(4)));
        assertEquals(posted, noted.postalStep().shipmentEventId());
        assertEquals(Direction.OUTBOUND, noted.postalStep().direction());
        assertEquals(EventTypes.DOSSIER_STATUS_CHANGED, type(events.get(5)), "the delivery is the status change");
        assertEquals(handed, returned.postalStep().shipmentEventId(), "which carries the step that caused it");
        assertNotNull(returned.transition());
        assertEquals("RESULT_RETURNED", returned.transition().to().name());
        assertEquals(6, events.size(), "one dossier event per postal event, no more");
    }

    @Test
    void anItemsEventsApplyInTheItemsOwnOrderWhicheverKeyBroughtThemFirst() {
        String item = TrackingNumber.of("ED", System.nanoTime() % 10_000_000);
        String code = registerPostal(item);
        Instant accepted = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        // the item's second event, keyed by the dossier code, reaches us before its first, keyed by the tracking
        // number (sent before postal-tracking-service knew the dossier): it waits for it, only it
        String second = send(code, new ShipmentEventData(item, Direction.INBOUND, code, H22, ShipmentState.IN_TRANSIT,
                null, step("EMC", ShipmentState.IN_TRANSIT, accepted.plus(1, ChronoUnit.HOURS)), null, null, null,
                null, null, 2), accepted.plus(1, ChronoUnit.HOURS));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> waiting(item) == 1);
        String first = send(item, new ShipmentEventData(item, Direction.INBOUND, null, H22, ShipmentState.ACCEPTED,
                null, step("EMA", ShipmentState.ACCEPTED, accepted), null, null, null, null, null, 1), accepted);

        List<ConsumerRecord<String, String>> events = eventsOf(code, 3);
        assertEquals(List.of(first, second), events.subList(1, 3).stream()
                .map(r -> data(r).postalStep().shipmentEventId()).toList(), "the item's order, not arrival order");
        assertEquals(0, waiting(item));
    }

    @Test
    void aPredecessorThatNeverComesIsGivenUpOnAndAppendedShouldItComeAfterAll() {
        String item = TrackingNumber.of("ED", System.nanoTime() % 10_000_000);
        String code = registerPostal(item);
        Instant t = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        // event 1 was lost upstream; 2 and 3 wait for it for dossier.postal.gap-wait (3 s here), then go in order
        String second = send(code, recorded(code, item, "EMC", ShipmentState.IN_TRANSIT, t.plusSeconds(60), 2),
                t.plusSeconds(60));
        String third = send(code, recorded(code, item, "EMG", ShipmentState.AT_DELIVERY_OFFICE, t.plusSeconds(120),
                3), t.plusSeconds(120));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> waiting(item) == 2);
        List<ConsumerRecord<String, String>> events = eventsOf(code, 3);
        assertEquals(List.of(second, third), events.subList(1, 3).stream()
                .map(r -> data(r).postalStep().shipmentEventId()).toList(), "applied without it, in order");
        assertEquals(0, waiting(item));

        String first = send(code, recorded(code, item, "EMA", ShipmentState.ACCEPTED, t, 1), t);
        events = eventsOf(code, 4);
        assertEquals(first, data(events.get(3)).postalStep().shipmentEventId(), "a late comer is appended");
    }

    private static String registerPostal(String item) {
        return given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL", "returnMethod": "POSTAL",
                         "summary": "Đăng ký khai sinh", "inboundTrackingNumber": "%s",
                         "applicant": {"type": "CITIZEN", "name": "Vũ Thị Lan"}}""".formatted(H22, item))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
    }

    private static ShipmentEventData recorded(String code, String item, String vnpostCode, ShipmentState state,
            Instant at, int sequence) {
        return new ShipmentEventData(item, Direction.INBOUND, code, H22, state, null, step(vnpostCode, state, at),
                null, null, null, null, null, sequence);
    }

    private static ShipmentEventData.TrackingEvent step(String vnpostCode, ShipmentState state, Instant at) {
        return new ShipmentEventData.TrackingEvent(null, vnpostCode, state, at, "100000", "Bưu cục Hà Nội", null,
                null);
    }

    private long waiting(String item) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("SELECT count(*) FROM waiting_postal_event WHERE item_code = ?1")
                .setParameter(1, item).getSingleResult()).longValue());
    }

    /** The dossier's events on {@code dossier.events.v1}, once there are {@code count} of them (and a moment more). */
    @SuppressWarnings("unchecked")
    private static List<ConsumerRecord<String, String>> eventsOf(String code, int count) {
        List<ConsumerRecord<String, String>>[] seen = new List[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen[0] = KafkaTestClient.readUntil(Topics.DOSSIER_EVENTS, r -> code.equals(r.key()),
                    Duration.ofSeconds(10)).stream().filter(r -> code.equals(r.key())).toList();
            return seen[0].size() >= count;
        });
        return seen[0];
    }

    private static DossierEventData data(ConsumerRecord<String, String> r) {
        return EventJson.read(r.value(), DossierEventData.class);
    }

    private static String type(ConsumerRecord<String, String> r) {
        return new String(r.headers().lastHeader("ce_type").value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String inbound(String item, ShipmentState state, String code, Instant at) {
        return send(item, new ShipmentEventData(item, Direction.INBOUND, null, H22, state, null,
                new ShipmentEventData.TrackingEvent(null, code, state, at, "100000", "Bưu cục Hà Nội", null, null)),
                at);
    }

    private static String outbound(String dossier, String item, ShipmentState state, String code, Instant at) {
        return send(dossier, new ShipmentEventData(item, Direction.OUTBOUND, dossier, H22, state, null,
                new ShipmentEventData.TrackingEvent(null, code, state, at, "700000", "Bưu cục Quận 1", null, null)),
                at);
    }

    private static String send(String key, ShipmentEventData data, Instant at) {
        String id = UUID.randomUUID().toString();
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, key, new CloudEvent(id, EventTypes.SHIPMENT_EVENT_RECORDED,
                "/postal-tracking-service", data.dossierCode() != null ? data.dossierCode() : key, at,
                EventJson.write(data)));
        return id;
    }
}
