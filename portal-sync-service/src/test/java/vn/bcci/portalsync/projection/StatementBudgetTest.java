package vn.bcci.portalsync.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.StatementCounts;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.portalsync.DossierEvents;

/**
 * What a poll of dossier events costs portal-sync's database (issue 17), counted by PostgreSQL itself: its dossiers
 * are locked and loaded in one statement and its feed entries written in one, however many events it holds.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
@TestProfile(StatementBudgetTest.ProjectionAlone.class)
class StatementBudgetTest {
    /**
     * The sync worker off, so that what the database ran is the projection's alone (the worker's answers write feed
     * entries too, in transactions of their own: the first CI run of this test counted one of them).
     */
    public static class ProjectionAlone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.sync.enabled", "false");
        }
    }

    private static final int DOSSIERS = 10;

    @Inject
    ProjectionConsumer consumer;

    private static ConsumerRecord<String, String> record(int offset, DossierEventData data, String type, Instant at) {
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), type, "/dossier-service", data.code(), at,
                EventJson.write(data));
        ConsumerRecord<String, String> r = new ConsumerRecord<>(Topics.DOSSIER_EVENTS, 0, offset, data.code(),
                event.data());
        CloudEventHeaders.write(event, r.headers());
        return r;
    }

    @Test
    void aPollLocksItsDossiersInOneStatementAndWritesItsFeedInOne() {
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < DOSSIERS; i++) {
            String code = DossierEvents.newCode();
            codes.add(code);
            DossierEventData registered = DossierEvents.registered(code, TrackingNumber.of("EB", 71_000_000 + i));
            poll.add(record(poll.size(), registered, EventTypes.DOSSIER_REGISTERED, Instant.now().minusSeconds(60)));
            Instant at = Instant.now().minusSeconds(30);
            DossierEventData accepted = DossierEvents.accepted(registered, at);
            poll.add(record(poll.size(), accepted, EventTypes.DOSSIER_STATUS_CHANGED, at));
        }
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        consumer.onDossierEvents(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.DOSSIER_EVENTS, 0), poll),
                Map.of()));
        Map<String, Long> ran = counts.calls();
        // the entity's reads (the sync worker's and the gauges' own statements on the table are not these)
        assertEquals(1, counts.calls(s -> s.startsWith("select pd1_0.")),
                "portal_dossier reads for a poll of " + poll.size() + ": " + ran);
        assertEquals(1, counts.calls(s -> s.startsWith("INSERT INTO feed_entry")),
                "feed inserts for a poll of " + poll.size() + ": " + ran);
        // and the feed has every entry, with the agency the dossiers were registered with
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> entries = given().header("Authorization", Tokens.bearer("agency-h22"))
                    .queryParam("after", 0).queryParam("limit", 1000).get("/api/v1/feed").then().statusCode(200)
                    .extract().jsonPath().getList("entries");
            assertEquals(2 * DOSSIERS, entries.stream().filter(e -> codes.contains(e.get("dossierCode"))
                    && DossierEvents.H22.equals(e.get("agencyCode"))).count(), "feed entries: " + entries);
        });
    }
}
