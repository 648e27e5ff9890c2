package vn.bcci.portalsync.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ClientLimitedData;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * Alerts before breach, from the events that raise them to the list, the counts and the feed: an agency of the test's
 * own, so the figures are exactly this test's.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class AlertsTest {
    private static final String AGENCY = "000.00.77.A" + (10 + (int) (Math.random() * 89));
    private static int n;

    private static String dossier(DossierStatus status, Instant due) {
        String code = AGENCY + "-261130-" + (1000 + ++n);
        Instant received = Instant.now().minus(Duration.ofDays(3));
        DossierEventData data = new DossierEventData(code, AGENCY, null, "1.001612", null, Channel.ONLINE,
                ReturnMethod.IN_PERSON, status, new DossierEventData.Applicant("CITIZEN", "Lê Thị Mai", "001203004567",
                        "0912345789", null),
                "Đăng ký khai sinh", received, received.plusSeconds(3600), due, null, null, null, null, null);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.DOSSIER_STATUS_CHANGED, "/dossier-service", code, Instant.now(), EventJson.write(data)));
        return code;
    }

    private static void shipment(String type, String code, String item, Instant at, Instant stalledSince) {
        ShipmentEventData data = new ShipmentEventData(item, Direction.OUTBOUND, code, AGENCY,
                ShipmentState.IN_TRANSIT, null,
                EventTypes.SHIPMENT_FLAGGED.equals(type)
                        ? null
                        : new ShipmentEventData.TrackingEvent(null, "EMB", ShipmentState.IN_TRANSIT, at, "100000",
                                "Bưu cục Hà Nội", null, null),
                null, null, null, stalledSince, null);
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(), type,
                "/postal-tracking-service", code, at, EventJson.write(data)));
    }

    private static ValidatableResponse get(String token, String path) {
        return given().header("Authorization", Tokens.bearer(token)).get(path).then();
    }

    private static List<Map<String, Object>> feed(String kind) {
        List<Map<String, Object>> entries = get("operator", "/api/v1/feed?after=0&limit=1000&agency=" + AGENCY)
                .statusCode(200).extract().jsonPath().getList("entries");
        return entries.stream().filter(e -> kind.equals(e.get("kind"))).toList();
    }

    @Test
    void aFlaggedShipmentIsAnAlertUntilItsNextEventAndReachesTheFeedOnce() {
        String code = dossier(DossierStatus.RESULT_READY, Instant.now().plus(Duration.ofDays(20)));
        String item = TrackingNumber.of("RR", Math.abs(code.hashCode()) % 90_000_000);
        Instant silentSince = Instant.now().minus(Duration.ofHours(50));
        shipment(EventTypes.SHIPMENT_EVENT_RECORDED, code, item, silentSince, null);
        // the watch flags it, and (as a watch may) again
        shipment(EventTypes.SHIPMENT_FLAGGED, code, item, Instant.now().minusSeconds(60), silentSince);
        shipment(EventTypes.SHIPMENT_FLAGGED, code, item, Instant.now().minusSeconds(30), silentSince);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            get("operator", "/api/v1/alerts/stalled-shipment?agency=" + AGENCY).statusCode(200)
                    .body("itemCode", contains(item)).body("dossierCode", contains(code))
                    .body("[0].detail", containsString("STALLED"));
            assertEquals(1, feed("SHIPMENT_FLAGGED").size(), "one alert in the feed, however often it is flagged");
        });
        assertEquals(item, feed("SHIPMENT_FLAGGED").get(0).get("itemCode"));
        get("operator", "/api/v1/alerts?agency=" + AGENCY).body("counts.STALLED_SHIPMENT", equalTo(1));

        // VNPost scans it again: the alert clears
        shipment(EventTypes.SHIPMENT_EVENT_RECORDED, code, item, Instant.now(), null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("operator",
                "/api/v1/alerts?agency=" + AGENCY).body("counts.STALLED_SHIPMENT", equalTo(0)));
    }

    @Test
    void dossiersDueWithinAWorkingDayAreWarnedOnceAndOverdueOnesListed() {
        String dueSoon = dossier(DossierStatus.IN_PROGRESS, Instant.now().plus(Duration.ofHours(1)));
        String overdue = dossier(DossierStatus.IN_PROGRESS, Instant.now().minus(Duration.ofHours(1)));
        dossier(DossierStatus.SUPPLEMENT_REQUESTED, Instant.now().plus(Duration.ofHours(1))); // its clock stopped
        dossier(DossierStatus.IN_PROGRESS, Instant.now().plus(Duration.ofDays(30)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            get("operator", "/api/v1/alerts/due-soon?agency=" + AGENCY).statusCode(200)
                    .body("dossierCode", contains(dueSoon));
            get("operator", "/api/v1/alerts/overdue?agency=" + AGENCY).body("dossierCode", contains(overdue));
            assertEquals(1, feed("DOSSIER_DUE_SOON").size());
        });
        get("operator", "/api/v1/alerts?agency=" + AGENCY).body("counts.DUE_SOON", equalTo(1))
                .body("counts.OVERDUE", equalTo(1));
        // the watch runs every second here: still one warning for that due date a few runs later
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(1, feed("DOSSIER_DUE_SOON").size()));
        assertEquals(dueSoon, feed("DOSSIER_DUE_SOON").get(0).get("dossierCode"));
    }

    private static void resultByPost(String code, ShipmentState state, Instant at) {
        ShipmentEventData data = new ShipmentEventData(TrackingNumber.of("RR", Math.abs(code.hashCode()) % 90_000_000),
                Direction.OUTBOUND, code, AGENCY, state, null,
                new ShipmentEventData.TrackingEvent(null, state.name(), state, at, "100000", "Bưu cục Hà Nội", null,
                        null));
        KafkaTestClient.send(Topics.SHIPMENT_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.SHIPMENT_EVENT_RECORDED, "/postal-tracking-service", code, at, EventJson.write(data)));
    }

    @Test
    void aResultWhoseDeliveryFailedIsAnAlertUntilItIsDelivered() {
        Instant handed = Instant.now().minus(Duration.ofDays(2));
        String failed = dossier(DossierStatus.RESULT_READY, Instant.now().plus(Duration.ofDays(5)));
        String delivered = dossier(DossierStatus.RESULT_READY, Instant.now().plus(Duration.ofDays(5)));
        for (String code : List.of(failed, delivered)) {
            resultByPost(code, ShipmentState.ACCEPTED, handed);
            resultByPost(code, ShipmentState.DELIVERY_FAILED, handed.plus(Duration.ofDays(1)));
        }
        resultByPost(delivered, ShipmentState.DELIVERED, handed.plus(Duration.ofDays(1)).plusSeconds(7200));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("operator",
                "/api/v1/alerts/failed-delivery?agency=" + AGENCY).statusCode(200)
                .body("dossierCode", contains(failed)).body("kind", contains("FAILED_DELIVERY")));
        get("operator", "/api/v1/alerts?agency=" + AGENCY).body("counts.FAILED_DELIVERY", equalTo(1));

        // delivered at the second attempt: no longer an alert
        resultByPost(failed, ShipmentState.DELIVERED, Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("operator",
                "/api/v1/alerts?agency=" + AGENCY).body("counts.FAILED_DELIVERY", equalTo(0)));
    }

    private static void refused(String service, String client, long limited, long allowed, Instant to) {
        ClientLimitedData data = new ClientLimitedData(service, client, AGENCY, "writes", limited, allowed,
                to.minusSeconds(60), to);
        KafkaTestClient.send(Topics.CLIENT_LIMITS, client, new CloudEvent(UUID.randomUUID().toString(),
                EventTypes.CLIENT_LIMITED, "/" + service, null, to, EventJson.write(data)));
    }

    @Test
    void aClientAnyInstanceRefusedInTheLastQuarterHourIsListedOnceWithWhatItWasRefused() {
        String client = "flooder-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        refused("dossier-service", client, 900, 60, now); // two instances of the same service, the same minute
        refused("dossier-service", client, 1017, 23, now);
        refused("dossier-service", client + "-earlier", 5, 5, now.minus(Duration.ofMinutes(40))); // past the window

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("operator",
                "/api/v1/alerts/client-limited?agency=" + AGENCY).statusCode(200)
                .body("kind", contains("CLIENT_LIMITED"))
                .body("detail", contains(client + " at dossier-service writes: 1917 refused, 83 taken")));
        get("operator", "/api/v1/alerts?agency=" + AGENCY).body("counts.CLIENT_LIMITED", equalTo(1));
    }

    @Test
    void agenciesSeeTheirOwnAndUnknownKindsAreNamed() {
        get("agency-h22", "/api/v1/alerts?agency=" + AGENCY).statusCode(403)
                .contentType("application/problem+json");
        get("agency-h22", "/api/v1/alerts/overdue").statusCode(200);
        get("operator", "/api/v1/alerts/everything").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("kind"));
        given().get("/api/v1/alerts").then().statusCode(401);
    }
}
