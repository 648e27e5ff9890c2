package vn.bcci.dossier.retention;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import vn.bcci.infra.testing.Tokens;
import vn.bcci.messaging.jobs.Retention;

/**
 * Bounded growth and personal data no longer than needed (issue 25): the purge deletes what outlived its retention
 * and nothing younger, and a dossier that ended more than a year ago keeps no personal data of its applicant.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class RetentionTest {
    static final String ID_NUMBER = "001203009876";
    static final String PHONE = "0912000111";

    @Inject
    EntityManager em;
    @Inject
    Retention job;

    private void dossier(String code, String status, Instant lastTransition) {
        em.createNativeQuery("""
                INSERT INTO dossier (code, agency_code, procedure_code, channel, return_method, status, applicant_type,
                  applicant_name, applicant_id_number, applicant_phone, applicant_email, address_line, address_ward,
                  address_district, address_province, summary, submitted_at, last_transition_at)
                VALUES (?1, '000.00.01.H22', '1.001612', 'POSTAL', 'POSTAL', ?2, 'CITIZEN', 'Nguyễn Thị Minh Khai',
                  ?3, ?4, 'khai@example.vn', '12 Phố Huế', 'Phường Hàng Bài', 'Quận Hoàn Kiếm', 'Hà Nội',
                  'Đăng ký khai sinh', ?5, ?5)
                """).setParameter(1, code).setParameter(2, status).setParameter(3, ID_NUMBER).setParameter(4, PHONE)
                .setParameter(5, lastTransition).executeUpdate();
        for (int k = 1; k <= 3; k++) {
            em.createNativeQuery("INSERT INTO timeline_entry (dossier_code, at, kind, source, title) VALUES (?1, ?2, "
                    + "'STATUS', 'dossier-service', 'Step')").setParameter(1, code)
                    .setParameter(2, lastTransition.minus(Duration.ofDays(k))).executeUpdate();
        }
    }

    @Test
    void whatOutlivedItsRetentionGoesAndNothingYounger() {
        Instant now = Instant.now();
        String suffix = Long.toString(now.toEpochMilli() % 1_000_000);
        String endedLongAgo = "000.00.01.H22-RET-A" + suffix; // ended 800 days ago: timeline and personal data go
        String endedLastYear = "000.00.01.H22-RET-B" + suffix; // ended 400 days ago: personal data goes
        String endedLastMonth = "000.00.01.H22-RET-C" + suffix; // ended 30 days ago: all kept
        String openForYears = "000.00.01.H22-RET-D" + suffix; // still open: all kept
        QuarkusTransaction.requiringNew().run(() -> {
            dossier(endedLongAgo, "RESULT_RETURNED", now.minus(Duration.ofDays(800)));
            dossier(endedLastYear, "WITHDRAWN", now.minus(Duration.ofDays(400)));
            dossier(endedLastMonth, "RESULT_RETURNED", now.minus(Duration.ofDays(30)));
            dossier(openForYears, "IN_PROGRESS", now.minus(Duration.ofDays(800)));
            for (int age : List.of(40, 20)) {
                em.createNativeQuery("INSERT INTO messaging.inbox (consumer, event_id, processed_at) VALUES "
                        + "('retention-test', ?1, ?2)").setParameter(1, "ev-" + suffix + "-" + age)
                        .setParameter(2, now.minus(Duration.ofDays(age))).executeUpdate();
                em.createNativeQuery("INSERT INTO idempotency_key (caller, key, request_hash, created_at) VALUES "
                        + "('retention-test', ?1, 'h', ?2)").setParameter(1, "k-" + suffix + "-" + age)
                        .setParameter(2, now.minus(Duration.ofDays(age / 4))).executeUpdate();
            }
        });

        AtomicReference<Map<String, Long>> purged = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> !purged.updateAndGet(p -> job.purge()).isEmpty());
        assertTrue(purged.get().get("messaging.inbox") >= 1, "purged: " + purged.get());

        assertEquals(0, ServiceDatabase.number("SELECT count(*) FROM messaging.inbox WHERE event_id = ?1",
                "ev-" + suffix + "-40"));
        assertEquals(1, ServiceDatabase.number("SELECT count(*) FROM messaging.inbox WHERE event_id = ?1",
                "ev-" + suffix + "-20"));
        assertEquals(0,
                ServiceDatabase.number("SELECT count(*) FROM idempotency_key WHERE key = ?1", "k-" + suffix + "-40"));
        assertEquals(1,
                ServiceDatabase.number("SELECT count(*) FROM idempotency_key WHERE key = ?1", "k-" + suffix + "-20"));

        String steps = "SELECT count(*) FROM timeline_entry WHERE dossier_code = ?1 AND kind = 'STATUS'";
        assertEquals(0, ServiceDatabase.number(steps, endedLongAgo), "the timeline of a dossier ended 800 days ago");
        assertEquals(3, ServiceDatabase.number(steps, endedLastYear));
        assertEquals(3, ServiceDatabase.number(steps, endedLastMonth));
        assertEquals(3, ServiceDatabase.number(steps, openForYears), "a dossier still open keeps its whole timeline");

        String personal = "SELECT count(*) FROM dossier d WHERE d.code = ?1 AND (d::text LIKE '%" + ID_NUMBER
                + "%' OR d::text LIKE '%" + PHONE + "%' OR d::text LIKE '%khai@example.vn%' OR d::text LIKE "
                + "'%Phố Huế%' OR d::text LIKE '%Hàng Bài%' OR d::text LIKE '%Hoàn Kiếm%' OR d::text LIKE '%Khai%')";
        for (String erased : List.of(endedLongAgo, endedLastYear)) {
            assertEquals(0, ServiceDatabase.number(personal, erased), erased + " keeps no personal data");
            assertEquals(1,
                    ServiceDatabase.number("SELECT count(*) FROM timeline_entry WHERE dossier_code = ?1 AND kind = "
                            + "'PERSONAL_DATA'", erased),
                    "the erasure is on the record");
        }
        assertEquals(1, ServiceDatabase.number(personal, endedLastMonth),
                "a dossier ended 30 days ago keeps its applicant's data");
        assertEquals(1, ServiceDatabase.number(personal, openForYears));

        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + endedLastYear).then()
                .statusCode(200).body("applicant.name", org.hamcrest.Matchers.equalTo("N. T. M. K."))
                .body("applicant.idNumber", nullValue()).body("applicant.phone", nullValue());
        String timeline = given().header("Authorization", Tokens.bearer("agency-h22"))
                .get("/api/v1/dossiers/" + endedLastYear + "/timeline").then().statusCode(200).extract().asString();
        assertTrue(timeline.contains("PERSONAL_DATA"), timeline);
        assertFalse(timeline.contains(ID_NUMBER), timeline);
    }
}
