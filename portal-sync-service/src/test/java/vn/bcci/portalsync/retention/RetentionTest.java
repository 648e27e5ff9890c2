package vn.bcci.portalsync.retention;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceDatabase;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.messaging.jobs.Retention;

/**
 * Bounded growth and personal data no longer than needed (issue 25): what outlived its retention goes and nothing
 * younger; the feed keeps its newest entry whatever its age (numbering goes on after it); a dossier that ended more
 * than a year ago keeps no personal data of its applicant, and the erasure is in the audit log.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class RetentionTest {
    static final String RECORD = "{\"MaHoSo\": \"%s\", \"ChuHoSo\": \"Lê Thị Hồng Nhung\", \"SoGiayToChuHoSo\": "
            + "\"079190001234\", \"SoDienThoai\": \"0903111222\", \"Email\": \"nhung@example.vn\", "
            + "\"TrangThaiHoSo\": \"10\"}";

    @Inject
    EntityManager em;
    @Inject
    Retention job;

    private void dossier(String code, int status, Instant lastEvent) {
        em.createNativeQuery("INSERT INTO portal_dossier (code, agency_code, record, status_code, last_event_time, "
                + "sync_state, acked_revision) VALUES (?1, '000.00.01.H22', CAST(?2 AS JSONB), ?3, ?4, 'SYNCED', 1)")
                .setParameter(1, code).setParameter(2, RECORD.formatted(code)).setParameter(3, status)
                .setParameter(4, lastEvent).executeUpdate();
        em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, at, handler, content, state, "
                + "sent_at) VALUES (?1, ?2, ?3, 'Bưu điện', 'Đã phát', 'SENT', ?3)").setParameter(1, code + "-e")
                .setParameter(2, code).setParameter(3, lastEvent).executeUpdate();
    }

    @Test
    void whatOutlivedItsRetentionGoesAndNothingYounger() {
        Instant now = Instant.now();
        String n = Long.toString(now.toEpochMilli() % 1_000_000);
        String endedLastYear = "000.00.01.H22-RET-A" + n;
        String endedLastMonth = "000.00.01.H22-RET-B" + n;
        String openLongAgo = "000.00.01.H22-RET-C" + n;
        long newestSeq = QuarkusTransaction.requiringNew().call(() -> {
            dossier(endedLastYear, 10, now.minus(Duration.ofDays(500)));
            dossier(endedLastMonth, 10, now.minus(Duration.ofDays(30)));
            dossier(openLongAgo, 4, now.minus(Duration.ofDays(500)));
            long seq = ((Number) em.createNativeQuery("SELECT coalesce(max(seq), 0) FROM feed_entry")
                    .getSingleResult()).longValue();
            // feed: an old entry, a recent one, and the newest of all, old too (it must stay)
            for (int k = 1; k <= 3; k++) {
                em.createNativeQuery("INSERT INTO feed_entry (seq, kind, dossier_code, agency_code, at, recorded_at, "
                        + "summary) VALUES (?1, 'DOSSIER_STATUS', ?2, '000.00.01.H22', ?3, ?3, 'Bước')")
                        .setParameter(1, seq + k).setParameter(2, "feed-" + n + "-" + k)
                        .setParameter(3, now.minus(Duration.ofDays(k == 2 ? 10 : 100))).executeUpdate();
            }
            em.createNativeQuery("INSERT INTO shipment_alert (item_code, direction, flagged_at, last_event_time, "
                    + "cleared_at) VALUES (?1, 'OUTBOUND', ?2, ?2, ?2)").setParameter(1, "EA" + n + "VN")
                    .setParameter(2, now.minus(Duration.ofDays(40))).executeUpdate();
            em.createNativeQuery("INSERT INTO operator_action (at, actor, action, target) VALUES (?1, 'dieuhanh', "
                    + "'RESEND_DOSSIER', ?2)").setParameter(1, now.minus(Duration.ofDays(6 * 366)))
                    .setParameter(2, "audit-" + n).executeUpdate();
            em.createNativeQuery("INSERT INTO messaging.inbox (consumer, event_id, processed_at) VALUES "
                    + "('retention-test', ?1, ?2)").setParameter(1, "old-" + n)
                    .setParameter(2, now.minus(Duration.ofDays(40))).executeUpdate();
            return seq + 3;
        });

        AtomicReference<Map<String, Long>> purged = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> !purged.updateAndGet(p -> job.purge()).isEmpty());
        assertTrue(purged.get().get("portal_dossier.personal-data") >= 1, "purged: " + purged.get());

        assertEquals(0, ServiceDatabase.number("SELECT count(*) FROM messaging.inbox WHERE event_id = ?1", "old-" + n));
        assertEquals(0,
                ServiceDatabase.number("SELECT count(*) FROM feed_entry WHERE dossier_code = ?1", "feed-" + n + "-1"));
        assertEquals(1,
                ServiceDatabase.number("SELECT count(*) FROM feed_entry WHERE dossier_code = ?1", "feed-" + n + "-2"));
        assertEquals(1,
                ServiceDatabase.number("SELECT count(*) FROM feed_entry WHERE dossier_code = ?1", "feed-" + n + "-3"),
                "the newest entry stays, old as it is");
        assertTrue(ServiceDatabase.number("SELECT max(seq) FROM feed_entry WHERE CAST(?1 AS TEXT) IS NOT NULL",
                "x") >= newestSeq);
        assertEquals(0,
                ServiceDatabase.number("SELECT count(*) FROM shipment_alert WHERE item_code = ?1", "EA" + n + "VN"));
        assertEquals(0, ServiceDatabase.number("SELECT count(*) FROM operator_action WHERE target = ?1", "audit-" + n));
        String entries = "SELECT count(*) FROM progress_entry WHERE dossier_code = ?1";
        assertEquals(0, ServiceDatabase.number(entries, endedLastYear), "acknowledged 500 days ago");
        assertEquals(1, ServiceDatabase.number(entries, endedLastMonth));

        String personal = "SELECT count(*) FROM portal_dossier d WHERE d.code = ?1 AND (d::text LIKE '%079190001234%' "
                + "OR d::text LIKE '%0903111222%' OR d::text LIKE '%nhung@%' OR d::text LIKE '%Nhung%')";
        assertEquals(0, ServiceDatabase.number(personal, endedLastYear));
        assertEquals(1, ServiceDatabase.number(personal, endedLastMonth), "ended 30 days ago: kept");
        assertEquals(1, ServiceDatabase.number(personal, openLongAgo), "still open: kept");
        assertEquals(1,
                ServiceDatabase.number("SELECT count(*) FROM portal_dossier WHERE code = ?1 AND record->>'ChuHoSo' = "
                        + "'L. T. H. N.'", endedLastYear),
                "initials remain");
        String audit = given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/audit?limit=500")
                .then().statusCode(200).extract().asString();
        assertTrue(audit.contains("ERASE_PERSONAL_DATA") && audit.contains(endedLastYear), audit);
        assertFalse(audit.contains(endedLastMonth), audit);
    }
}
