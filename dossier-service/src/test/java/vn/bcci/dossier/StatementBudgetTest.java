package vn.bcci.dossier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.PortalSyncOutcomeData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.dossier.messaging.PortalOutcomesConsumer;
import vn.bcci.dossier.messaging.PostalStepsConsumer;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.StatementCounts;
import vn.bcci.infra.testing.Tokens;

/**
 * The statements the hot paths cost this service's database (issue 17: SystemBench found the ORM and the driver
 * most of the CPU), counted by PostgreSQL itself: a change that adds a round trip to a registration, or makes a poll
 * of portal outcomes cost one statement per event again, fails here.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class StatementBudgetTest {
    private static final int N = 20;

    @Inject
    PortalOutcomesConsumer outcomes;
    @Inject
    PostalStepsConsumer shipments;

    @BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    private static String register(String summary) {
        String code = "000.00.01.H22-261201-" + (100_000 + Math.floorMod(UUID.randomUUID().hashCode(), 800_000));
        return given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body("""
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "ONLINE",
                 "returnMethod": "POSTAL", "summary": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Đỗ Minh Khoa", "phone": "0901234567"}}"""
                .formatted(code, summary)).post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
    }

    /**
     * What a registration's own transaction ran: the statements on its tables and its outbox row (not the relay's,
     * the consumers' or the sweeps' bookkeeping, which run on their own).
     */
    private static boolean registrations(String sql) {
        String s = sql.toLowerCase();
        return s.startsWith("insert into messaging.outbox") || !s.contains("messaging.")
                && s.matches(".*\\b(dossier|timeline_entry|procedure|idempotency_key|dossier_code_sequence)\\b.*");
    }

    @Test
    void aRegistrationCostsFourStatements() {
        register("warms the catalogue");
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        for (int i = 0; i < N; i++) {
            register("budget " + i);
        }
        Map<String, Long> ran = counts.calls();
        long own = counts.calls(StatementBudgetTest::registrations);
        // the code's check, the dossier, its timeline entry, its event: the procedure comes from the catalogue's cache
        assertEquals(0, counts.calls(s -> s.contains("from procedure")), "procedure rows read: " + ran);
        assertTrue(own <= 4L * N, own + " statements for " + N + " registrations (at most " + 4 * N + "): " + ran);
    }

    private static ConsumerRecord<String, String> record(String topic, int offset, String key, String type,
            String subject, Instant at, Object data) {
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), type, "/test", subject, at,
                EventJson.write(data));
        ConsumerRecord<String, String> r = new ConsumerRecord<>(topic, 0, offset, key, event.data());
        CloudEventHeaders.write(event, r.headers());
        return r;
    }

    @Test
    void anItemsNextEventCostsOneStatementToKeepItsOrder() {
        String item = TrackingNumber.of("EE", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
        String code = given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
                         "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh", "inboundTrackingNumber": "%s",
                         "applicant": {"type": "CITIZEN", "name": "Vũ Thị Lan"}}""".formatted(item))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        Instant t = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String[] codes = {"EMA", "EMB", "EMC", "EMC", "EMC", "EMG"};
        ShipmentState[] states = {ShipmentState.ACCEPTED, ShipmentState.IN_TRANSIT, ShipmentState.IN_TRANSIT,
                ShipmentState.IN_TRANSIT, ShipmentState.IN_TRANSIT, ShipmentState.AT_DELIVERY_OFFICE};
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            Instant at = t.plusSeconds(60L * i);
            ShipmentEventData data = new ShipmentEventData(item, Direction.INBOUND, code, "000.00.01.H22", states[i],
                    null, new ShipmentEventData.TrackingEvent(null, codes[i], states[i], at, "100000",
                            "Bưu cục Hà Nội", null, null),
                    null, null, null, null, null, i + 1);
            poll.add(record(Topics.SHIPMENT_EVENTS, i, code, EventTypes.SHIPMENT_EVENT_RECORDED, code, at, data));
        }
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        shipments.onShipmentEvents(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.SHIPMENT_EVENTS, 0), poll),
                Map.of()));
        // the first event records the item (an update that finds nothing, then an insert), each next one an update
        // (the per-item statements; the sweep for long-missing predecessors runs on its own)
        long order = counts.calls(sql -> sql.contains("postal_item_progress")
                || sql.contains("FROM waiting_postal_event WHERE item_code"));
        assertEquals(codes.length + 1, order, "statements keeping the order of " + codes.length + " events in order: "
                + counts.calls());
        List<String> titles = given().header("Authorization", Tokens.bearer("agency-h22"))
                .get("/api/v1/dossiers/" + code + "/timeline").then().statusCode(200).extract().path("entries.title");
        assertEquals(codes.length, titles.stream().filter(title -> !title.startsWith("Registered")
                && !title.startsWith("Status")).count(), "every event on the timeline: " + titles);
    }

    @Test
    void aPollOfPortalOutcomesIsOneStatementAndLeavesUnknownDossiersOut() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(register("outcomes " + i));
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<String> subjects = new ArrayList<>(codes);
        subjects.add("000.00.01.H22-261201-999999"); // not this service's
        for (String code : subjects) {
            PortalSyncOutcomeData data = new PortalSyncOutcomeData(code, "DOSSIER", "REFUSED", 1, "E42",
                    "x".repeat(500), Instant.now());
            CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), EventTypes.PORTAL_SYNC_OUTCOME,
                    "/portal-sync-service", code, Instant.now(), EventJson.write(data));
            ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.PORTAL_SYNC, 0, records.size(), code,
                    event.data());
            CloudEventHeaders.write(event, record.headers());
            records.add(record);
        }
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        outcomes.onOutcomes(
                new ConsumerRecords<>(Map.of(new TopicPartition(Topics.PORTAL_SYNC, 0), records), Map.of()));
        assertEquals(1, counts.calls(s -> s.toLowerCase().startsWith("insert into timeline_entry")),
                "timeline inserts for a poll of " + records.size() + ": " + counts.calls());
        for (String code : codes) {
            List<String> titles = given().header("Authorization", Tokens.bearer("agency-h22"))
                    .get("/api/v1/dossiers/" + code + "/timeline").then().statusCode(200).extract()
                    .path("entries.title");
            String refused = titles.stream().filter(t -> t.startsWith("Portal refused the dossier record"))
                    .findFirst().orElseThrow(() -> new AssertionError("no refusal on " + code + ": " + titles));
            assertEquals(300, refused.length(), "a long portal message is cut to the title's 300 characters");
        }
    }
}
