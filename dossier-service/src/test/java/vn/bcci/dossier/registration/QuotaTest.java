package vn.bcci.dossier.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * Fair share at the registration door (issue 27): a client that spends its quota (here three writes at once, then one
 * every five seconds: the test profile's override for {@code agency-quota-test}) gets 429 problem+json with
 * {@code Retry-After} and the RateLimit headers, nothing of the refused request is written, and another client of the
 * same agency, and the flooder's own reads, go on being served.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class QuotaTest {
    private static final String AGENCY = "000.00.01.H22";
    private static final String FLOODER = Tokens.bearer("agency-quota-test", List.of("agency"), AGENCY);

    @BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    private static Response register(String token, String code) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body("""
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "%s", "channel": "ONLINE",
                 "returnMethod": "POSTAL", "summary": "Hạn mức",
                 "applicant": {"type": "CITIZEN", "name": "Đỗ Minh Khoa", "phone": "0901234567"}}"""
                .formatted(code, AGENCY)).post("/api/v1/dossiers");
    }

    @Test
    void aClientOverItsQuotaIsToldToWaitAndNobodyElseIs() {
        String day = "-261207-";
        long n = System.currentTimeMillis() % 9_000 + 1_000;
        for (int i = 0; i < 3; i++) {
            Response allowed = register(FLOODER, AGENCY + day + (n * 10 + i));
            allowed.then().statusCode(201)
                    .header("RateLimit-Policy", equalTo("\"writes\";q=3;w=15"))
                    .header("RateLimit", startsWith("\"writes\";r=" + (2 - i) + ";t="));
        }
        String refusedCode = AGENCY + day + (n * 10 + 3);
        Response refused = register(FLOODER, refusedCode);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", startsWith("client agency-quota-test has spent its writes quota (3 at once"))
                .header("RateLimit-Policy", equalTo("\"writes\";q=3;w=15"))
                .header("RateLimit", startsWith("\"writes\";r=0;t="));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);

        given().header("Authorization", FLOODER).get("/api/v1/dossiers/" + refusedCode).then().statusCode(404);
        register(Tokens.bearer("agency-h22"), AGENCY + day + (n * 10 + 4)).then().statusCode(201)
                .header("RateLimit-Policy", equalTo("\"writes\";q=500;w=5"));
        Response read = given().header("Authorization", FLOODER).get("/api/v1/dossiers?limit=1");
        assertEquals(200, read.statusCode(), read.asString());
        assertTrue(read.header("RateLimit").startsWith("\"reads\";"), read.header("RateLimit"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationBehindATokenDocumentsTheQuotasAnswer() {
        java.util.Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var op : ((java.util.Map<String, Object>) path.getValue()).entrySet()) {
                operations++;
                var responses = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) op.getValue())
                        .get("responses");
                var tooMany = (java.util.Map<String, Object>) responses.get("429");
                assertTrue(tooMany != null, op.getKey() + " " + path.getKey() + " documents no 429");
                var headers = (java.util.Map<String, Object>) tooMany.get("headers");
                assertEquals(java.util.Set.of("Retry-After", "RateLimit-Policy", "RateLimit"), headers.keySet(),
                        op.getKey() + " " + path.getKey());
                assertTrue(String.valueOf(tooMany.get("content")).contains("application/problem+json"));
            }
        }
        assertTrue(operations >= 5, "operations under /api/: " + operations);
    }

    @Test
    void aRequestWithoutATokenIsRefusedAndNotCounted() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/dossiers").then().statusCode(401)
                .header("RateLimit", org.hamcrest.Matchers.nullValue());
    }
}
