package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.Tokens;

/**
 * A newly registered dossier whose row another session holds locked until {@link #close}: every change asked for it
 * waits, as behind a long transaction of another instance. The holder is an ordinary session, not a REST request.
 */
final class StuckDossier implements AutoCloseable {
    static final String AGENCY = Tokens.bearer("agency-h22");

    final String code;
    final Connection holder;

    StuckDossier(AgroalDataSource dataSource) throws SQLException {
        CatalogueFixture.publish();
        code = given().header("Authorization", AGENCY).contentType(ContentType.JSON).body("""
                {"procedureCode": "%s", "agencyCode": "000.00.01.H22", "channel": "IN_PERSON",
                 "returnMethod": "IN_PERSON", "summary": "Cấp phiếu lý lịch tư pháp", "submittedAt": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Phạm Thu Hà", "idNumber": "001198012345"}}"""
                .formatted(CatalogueFixture.CRIMINAL_RECORD, Instant.now().minus(1, ChronoUnit.HOURS)))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement("SELECT code FROM dossier WHERE code = ? FOR UPDATE")) {
            lock.setString(1, code);
            lock.executeQuery().close();
        }
    }

    /** Asks to accept the dossier, as its agency's one-stop system would. */
    static Response accept(String code) {
        return given().header("Authorization", AGENCY).contentType(ContentType.JSON)
                .body("{\"to\": \"ACCEPTED\", \"at\": \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + "\", \"handler\": {\"name\": \"Lê Văn Cường\", \"title\": \"Chuyên viên\"}}")
                .post("/api/v1/dossiers/" + code + "/transitions");
    }

    /** Lets the row go. */
    @Override
    public void close() throws SQLException {
        try {
            holder.rollback();
        } finally {
            holder.close();
        }
    }
}
