package vn.bcci.dossier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * No personal data in the logs when the database refuses a row: PostgreSQL's error detail quotes the row ("Failing
 * row contains (…)"), the JDBC driver is told to leave it out, and the log of a forced insert failure is searched for
 * the applicant's ID number, phone and e-mail. Operators see the same dossier masked.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class PersonalDataInLogsTest {
    private static final String ID_NUMBER = "079301998877";
    private static final String PHONE = "0987001122";
    private static final String EMAIL = "binh.tran.private@example.vn";

    @Inject
    AgroalDataSource db;

    @Test
    void aRowTheDatabaseRefusesLeavesNoPersonalDataInTheLog() throws Exception {
        CatalogueFixture.publish();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE dossier DROP CONSTRAINT IF EXISTS test_refuses_this_applicant");
            st.execute("ALTER TABLE dossier ADD CONSTRAINT test_refuses_this_applicant "
                    + "CHECK (applicant_name <> 'Trần Thị Từ Chối')");
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        line.append(' ').append(p);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                    line.append(" | ").append(t);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body("""
                    {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "ONLINE",
                     "returnMethod": "IN_PERSON", "applicant": {"type": "CITIZEN", "name": "Trần Thị Từ Chối",
                     "idNumber": "%s", "phone": "%s", "email": "%s"}}""".formatted(ID_NUMBER, PHONE, EMAIL))
                    .post("/api/v1/dossiers").then().statusCode(500)
                    .contentType("application/problem+json");
        } finally {
            root.removeHandler(capture);
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE dossier DROP CONSTRAINT IF EXISTS test_refuses_this_applicant");
            }
        }
        String log = String.join("\n", lines);
        assertTrue(log.contains("test_refuses_this_applicant"), "the failure was logged: " + log);
        for (String personal : List.of(ID_NUMBER, PHONE, EMAIL)) {
            assertFalse(log.contains(personal), personal + " in the log: " + log);
        }
    }

    @Test
    void operatorsSeeAnApplicantMaskedAndTheAgencyInClear() {
        CatalogueFixture.publish();
        String code = given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "ONLINE",
                         "returnMethod": "IN_PERSON", "summary": "Gọi 0987 001 122 khi có kết quả",
                         "applicant": {"type": "CITIZEN", "name": "Trần Thị Bình", "idNumber": "%s",
                         "phone": "%s", "email": "%s"}}""".formatted(ID_NUMBER, PHONE, EMAIL))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/dossiers/" + code).then()
                .statusCode(200).body("applicant.idNumber", equalTo("********8877"))
                .body("applicant.phone", equalTo("09x****122")).body("applicant.name", equalTo("T. T. Bình"))
                .body("applicant.email", equalTo("b***@example.vn"))
                .body("summary", equalTo("Gọi *******122 khi có kết quả"));
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code).then()
                .statusCode(200).body("applicant.idNumber", equalTo(ID_NUMBER)).body("applicant.phone", equalTo(PHONE));
    }
}
