package vn.bcci.dossier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.OpenApiDocuments;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * Every operation of dossier-service's API documents a summary, examples of its request and its success answer, and
 * its error answers with the 401, 429 and 503 every door may give ({@link OpenApiDocuments}).
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OpenApiTest {

    @Test
    void everyOperationHasASummaryExamplesAndItsErrors() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        OpenApiDocuments.Walk walk = OpenApiDocuments.walk(paths, "/api/");
        assertTrue(walk.operations() >= 9, "found " + walk.operations() + " operations");
        assertEquals(List.of(), walk.problems());
    }
}
