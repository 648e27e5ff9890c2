package vn.bcci.postal.retention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceDatabase;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.messaging.jobs.Retention;

/**
 * Bounded growth and personal data no longer than needed (issue 25): tracking events past their retention go (those
 * of items still open stay), and an item that ended more than a year ago keeps no personal data of sender or receiver.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class RetentionTest {
    static final String PARTY = "{\"name\": \"Trần Văn Bình\", \"phone\": \"0987000222\", \"address\": "
            + "\"45 Lý Thường Kiệt\", \"province\": \"Hà Nội\"}";

    @Inject
    EntityManager em;
    @Inject
    Retention job;

    private void item(String code, String state, Instant lastEvent) {
        em.createNativeQuery("INSERT INTO shipment (item_code, direction, agency_code, sender, receiver, state, "
                + "last_event_at, registered_at) VALUES (?1, 'OUTBOUND', '000.00.01.H22', CAST(?2 AS JSONB), "
                + "CAST(?2 AS JSONB), ?3, ?4, ?4)").setParameter(1, code).setParameter(2, PARTY)
                .setParameter(3, state).setParameter(4, lastEvent).executeUpdate();
        for (int k = 1; k <= 2; k++) {
            em.createNativeQuery("INSERT INTO tracking_event (item_code, dedup_key, status_code, known_code, "
                    + "occurred_at, received_at, receiver_name, note, applied) VALUES (?1, ?2, 'EMB', TRUE, ?3, ?3, "
                    + "'Trần Văn Bình', 'Giao cho ông Bình', TRUE)").setParameter(1, code)
                    .setParameter(2, code + "-" + k).setParameter(3, lastEvent.minus(Duration.ofDays(k)))
                    .executeUpdate();
        }
    }

    @Test
    void whatOutlivedItsRetentionGoesAndNothingYounger() {
        Instant now = Instant.now();
        String n = String.format("%06d", now.toEpochMilli() % 1_000_000);
        String deliveredLongAgo = "ER" + n + "001VN"; // 800 days: events and personal data go
        String deliveredLastYear = "ER" + n + "002VN"; // 400 days: personal data goes, events stay
        String deliveredLastMonth = "ER" + n + "003VN"; // all kept
        String openForYears = "ER" + n + "004VN"; // still in transit: all kept
        QuarkusTransaction.requiringNew().run(() -> {
            item(deliveredLongAgo, "DELIVERED", now.minus(Duration.ofDays(800)));
            item(deliveredLastYear, "RETURNED", now.minus(Duration.ofDays(400)));
            item(deliveredLastMonth, "DELIVERED", now.minus(Duration.ofDays(30)));
            item(openForYears, "IN_TRANSIT", now.minus(Duration.ofDays(800)));
            em.createNativeQuery("INSERT INTO messaging.inbox (consumer, event_id, processed_at) VALUES "
                    + "('retention-test', ?1, ?2)").setParameter(1, "old-" + n)
                    .setParameter(2, now.minus(Duration.ofDays(40))).executeUpdate();
        });

        AtomicReference<Map<String, Long>> purged = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> !purged.updateAndGet(p -> job.purge()).isEmpty());
        assertTrue(purged.get().get("tracking_event") >= 2, "purged: " + purged.get());

        assertEquals(0, ServiceDatabase.number("SELECT count(*) FROM messaging.inbox WHERE event_id = ?1", "old-" + n));
        String events = "SELECT count(*) FROM tracking_event WHERE item_code = ?1";
        assertEquals(0, ServiceDatabase.number(events, deliveredLongAgo));
        assertEquals(2, ServiceDatabase.number(events, deliveredLastYear));
        assertEquals(2, ServiceDatabase.number(events, openForYears), "an item still open keeps its events");

        String personal = "SELECT (SELECT count(*) FROM shipment s WHERE s.item_code = ?1 AND (s::text LIKE '%Bình%' "
                + "OR s::text LIKE '%0987000222%' OR s::text LIKE '%Lý Thường Kiệt%')) + (SELECT count(*) FROM "
                + "tracking_event e WHERE e.item_code = ?1 AND e::text LIKE '%Bình%')";
        assertEquals(0, ServiceDatabase.number(personal, deliveredLongAgo));
        assertEquals(0, ServiceDatabase.number(personal, deliveredLastYear));
        assertEquals(3, ServiceDatabase.number(personal, deliveredLastMonth),
                "an item ended 30 days ago keeps its parties' data");
        assertEquals(3, ServiceDatabase.number(personal, openForYears));
        assertEquals(1,
                ServiceDatabase.number(
                        "SELECT count(*) FROM shipment WHERE item_code = ?1 AND sender->>'name' = 'T. V. B.' "
                                + "AND sender->>'province' = 'Hà Nội' AND personal_data_erased_at IS NOT NULL",
                        deliveredLastYear),
                "initials and province remain");
    }
}
