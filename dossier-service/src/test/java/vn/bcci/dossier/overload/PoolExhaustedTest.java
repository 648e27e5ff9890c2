package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * Overload beyond quotas (issue 27): when every database connection stays taken, a request waits at most the pool's
 * {@code acquisition-timeout} (service-support's default, 3 s) and is answered {@code 503} problem+json with
 * {@code Retry-After}, not left to pile up, and not a 500; once connections are free again the same request is served.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class PoolExhaustedTest {
    private static final String AGENCY = Tokens.bearer("agency-h22", List.of("agency"), "000.00.01.H22");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRequestThatFindsNoFreeConnectionIsToldToComeBack() throws Exception {
        int size = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
        List<Connection> taken = new ArrayList<>();
        Response answer;
        long waited;
        try {
            for (int i = 0; i < size; i++) {
                taken.add(dataSource.getConnection());
            }
            long started = System.nanoTime();
            answer = given().header("Authorization", AGENCY).get("/api/v1/dossiers?limit=5");
            waited = (System.nanoTime() - started) / 1_000_000;
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
        answer.then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("status", equalTo(503)).body("detail", containsString("nothing was kept"));
        assertTrue(waited >= 2_500 && waited < 10_000, "answered after the pool's wait, not at once nor much later: "
                + waited + " ms");
        given().header("Authorization", AGENCY).get("/api/v1/dossiers?limit=5").then().statusCode(200);
    }
}
