package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * The cap on a request's time (issue 27; service-support's {@code RequestTimeouts}, 10 s): a transition stuck behind a
 * row lock that another session holds is cancelled by PostgreSQL at the cap and answered {@code 503} with
 * {@code Retry-After}, and nothing of it is kept (status, timeline, outbox); sent again once the lock is gone, the
 * same transition is served. The session holding the lock, not a REST request, is never limited.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class RequestTimeoutTest {
    private static final String AGENCY = Tokens.bearer("agency-h22");

    @Inject
    AgroalDataSource dataSource;

    private static String register() {
        return given().header("Authorization", AGENCY).contentType(ContentType.JSON).body("""
                {"procedureCode": "%s", "agencyCode": "000.00.01.H22", "channel": "IN_PERSON",
                 "returnMethod": "IN_PERSON", "summary": "Cấp phiếu lý lịch tư pháp", "submittedAt": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Phạm Thu Hà", "idNumber": "001198012345"}}"""
                .formatted(CatalogueFixture.CRIMINAL_RECORD, Instant.now().minus(1, ChronoUnit.HOURS)))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
    }

    private static Response accept(String code) {
        return given().header("Authorization", AGENCY).contentType(ContentType.JSON)
                .body("{\"to\": \"ACCEPTED\", \"at\": \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + "\", \"handler\": {\"name\": \"Lê Văn Cường\", \"title\": \"Chuyên viên\"}}")
                .post("/api/v1/dossiers/" + code + "/transitions");
    }

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
        CatalogueFixture.publish();
        String code = register();
        long timeline = count("SELECT count(*) FROM timeline_entry WHERE dossier_code = ?", code);
        long outbox = count("SELECT count(*) FROM messaging.outbox WHERE record_key = ?", code);
        Response answer;
        long took;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder
                    .prepareStatement("SELECT code FROM dossier WHERE code = ? FOR UPDATE")) {
                lock.setString(1, code);
                lock.executeQuery().close();
            }
            long started = System.nanoTime();
            answer = accept(code);
            took = (System.nanoTime() - started) / 1_000_000;
            // the holder, not a request, is not limited: its session still works after the request's 10 s
            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_sleep(0.1)")) {
                ps.executeQuery().close();
            }
            holder.rollback();
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
        given().header("Authorization", AGENCY).get("/api/v1/dossiers/" + code).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));

        accept(code).then().statusCode(200).body("status", equalTo("ACCEPTED"));
    }
}
