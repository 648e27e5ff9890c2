package vn.bcci.postal.watch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.bcci.postal.PostalFixture.H22;
import static vn.bcci.postal.PostalFixture.event;
import static vn.bcci.postal.PostalFixture.header;
import static vn.bcci.postal.PostalFixture.item;
import static vn.bcci.postal.PostalFixture.pushAccepted;
import static vn.bcci.postal.PostalFixture.registerInbound;
import static vn.bcci.postal.PostalFixture.shipment;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/** Delivery targets, stalled and overdue items, and the list operators page through (issue 4 §7). */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class ShipmentWatchTest {
    private static final ZoneOffset VN = ZoneOffset.ofHours(7);

    @Inject
    ShipmentWatch watch;
    @Inject
    WorkingCalendar calendar;

    private static OffsetDateTime ago(Duration d) {
        return OffsetDateTime.now(VN).minus(d).withNano(0);
    }

    @Test
    void anItemWithoutEventsForTooLongIsFlaggedStalledOnceAndItsNextEventClearsTheFlag() {
        String item = item();
        registerInbound(item);
        pushAccepted(event(null, item, "", "EMA", ago(Duration.ofDays(3))));

        assertTrue(watch.scan(Instant.now()) >= 1);
        watch.scan(Instant.now());
        shipment(item).body("stalledSince", notNullValue()).body("overdueSince", nullValue());
        assertTrue(listAll("stalled=true").contains(item));

        pushAccepted(event(null, item, "", "EMB", ago(Duration.ofHours(1))));
        shipment(item).body("stalledSince", nullValue()).body("state", equalTo("IN_TRANSIT"));
        assertTrue(listAll("stalled=false").contains(item));

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(Topics.SHIPMENT_EVENTS,
                r -> item.equals(r.key()) && r.value().contains("\"EMB\""), Duration.ofSeconds(20));
        assertEquals(1, records.stream().filter(r -> item.equals(r.key()))
                .filter(r -> EventTypes.SHIPMENT_FLAGGED.equals(header(r, "ce_type"))).count(),
                "flagged once, however often the watch runs");
    }

    @Test
    void anItemPastItsDeliveryTargetIsFlaggedOverdueAndListedUntilItIsDelivered() {
        String item = item();
        given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON).body("""
                {"itemCode": "%s", "direction": "OUTBOUND", "agencyCode": "%s",
                 "sender": {"name": "Sở Tư pháp", "province": "Thành phố Hà Nội"},
                 "receiver": {"name": "Trần Thị Bình", "phone": "0987654321", "province": "Hà Nội"}}"""
                .formatted(item, H22)).post("/api/v1/shipments").then().statusCode(201);
        OffsetDateTime accepted = ago(Duration.ofDays(10));
        pushAccepted(event(null, item, "", "EMA", accepted), event(null, item, "", "EMG", ago(Duration.ofHours(2))));
        Instant due = calendar.addWorkingDays(accepted.toInstant(), 2);
        shipment(item).body("deliveryDueAt", equalTo(due.toString())).body("overdueSince", nullValue());

        watch.scan(Instant.now());
        shipment(item).body("overdueSince", notNullValue()).body("stalledSince", nullValue());
        assertTrue(listAll("overdue=true").contains(item));
        KafkaTestClient.readUntil(Topics.SHIPMENT_EVENTS, r -> item.equals(r.key())
                && EventTypes.SHIPMENT_FLAGGED.equals(header(r, "ce_type")) && r.value().contains("overdueSince\":\""),
                Duration.ofSeconds(20));

        pushAccepted(event(null, item, "", "EMI", ago(Duration.ofMinutes(30))));
        assertTrue(!listAll("overdue=true").contains(item), "a delivered item is no longer overdue");
        shipment(item).body("state", equalTo("DELIVERED")).body("overdueSince", notNullValue());
    }

    @Test
    void theListPagesWithACursorNeitherRepeatingNorSkipping() {
        String agency = "000.00.77.T" + (10 + (int) (Math.random() * 89));
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String item = item();
            registered.add(item);
            given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                    .body("{\"itemCode\": \"%s\", \"direction\": \"INBOUND\", \"agencyCode\": \"%s\"}"
                            .formatted(item, agency))
                    .post("/api/v1/shipments").then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().header("Authorization", Tokens.bearer("operator"))
                    .queryParam("agency", agency).queryParam("limit", 3)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/shipments").then().statusCode(200)
                    .body("items[0].sender", nullValue()).extract().jsonPath();
            seen.addAll(page.getList("items.itemCode"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(registered, seen);
        assertEquals(3, pages);
    }

    @Test
    void anAgencySeesOnlyItsOwnItemsAndBadParametersAreNamed() {
        given().header("Authorization", Tokens.bearer("agency-h22")).queryParam("agency", "000.00.00.G12")
                .get("/api/v1/shipments").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/shipments").then()
                .statusCode(200).body("items.agencyCode", not(hasItem("000.00.00.G12")));
        bad("limit=0", "limit");
        bad("limit=many", "limit");
        bad("state=LOST", "state");
        bad("stalled=yes", "stalled");
        bad("cursor=not-a-cursor", "cursor");
    }

    private static void bad(String query, String field) {
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/shipments?" + query).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }

    /** Every tracking number the list holds for a filter, all pages. */
    private static List<String> listAll(String filter) {
        List<String> all = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = given().header("Authorization", Tokens.bearer("operator"))
                    .get("/api/v1/shipments?limit=500&" + filter + "&cursor=" + cursor).then().statusCode(200)
                    .extract().jsonPath();
            all.addAll(page.getList("items.itemCode"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }
}
