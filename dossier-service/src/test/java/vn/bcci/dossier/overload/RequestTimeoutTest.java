package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * The cap on a request's time (issue 27; service-support's {@code RequestTimeouts}, 10 s): a transition stuck behind a
 * row lock that another session holds is cancelled by PostgreSQL at the cap and answered {@code 503} with
 * {@code Retry-After}, and nothing of it is kept (status, timeline, outbox); sent again once the lock is gone, the
 * same transition is served. The session holding the lock, not a REST request, is never limited.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class RequestTimeoutTest {

    @Inject
    AgroalDataSource dataSource;

    private long count(String sql, String code) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aRequestStuckPastItsCapIsCancelledAndKeepsNothing() throws Exception {
        Response answer;
        long took;
        String code;
        long timeline;
        long outbox;
        try (StuckDossier stuck = new StuckDossier(dataSource)) {
            code = stuck.code;
            timeline = count("SELECT count(*) FROM timeline_entry WHERE dossier_code = ?", code);
            outbox = count("SELECT count(*) FROM messaging.outbox WHERE record_key = ?", code);
            long started = System.nanoTime();
            answer = StuckDossier.accept(code);
            took = (System.nanoTime() - started) / 1_000_000;
            // the holder, not a request, is not limited: its session still works after the request's 10 s
            try (PreparedStatement ps = stuck.holder.prepareStatement("SELECT pg_sleep(0.1)")) {
                ps.executeQuery().close();
            }
        }
        answer.then().log().ifValidationFails().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("ran past its limit of 10 s"))
                .body("detail", containsString("nothing was kept"));
        assertTrue(took >= 9_000 && took < 20_000, "cancelled at the cap, not before nor long after: " + took + " ms");
        assertEquals(timeline, count("SELECT count(*) FROM timeline_entry WHERE dossier_code = ?", code),
                "timeline rows of the cancelled transition");
        assertEquals(outbox, count("SELECT count(*) FROM messaging.outbox WHERE record_key = ?", code),
                "outbox rows of the cancelled transition");
        given().header("Authorization", StuckDossier.AGENCY).get("/api/v1/dossiers/" + code).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));

        StuckDossier.accept(code).then().statusCode(200).body("status", equalTo("ACCEPTED"));
    }
}
