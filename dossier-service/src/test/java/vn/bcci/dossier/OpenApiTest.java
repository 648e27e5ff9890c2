package vn.bcci.dossier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceInfraResource;

/** Every dossier endpoint documents a summary, an example of its success answer, and its error answers. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyDossierOperationHasASummaryExamplesAndItsErrors() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/v1/dossiers")) {
                continue;
            }
            for (var op : ((Map<String, Object>) path.getValue()).entrySet()) {
                operations++;
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                if (operation.get("summary") == null) {
                    problems.add(where + " has no summary");
                }
                boolean successExample = responses.entrySet().stream()
                        .filter(r -> r.getKey().startsWith("2"))
                        .anyMatch(r -> String.valueOf(r.getValue()).contains("examples"));
                if (!successExample) {
                    problems.add(where + " has no example of its success answer");
                }
                if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
                    problems.add(where + " documents no error answer");
                }
                if (!responses.containsKey("401")) {
                    problems.add(where + " does not document 401");
                }
            }
        }
        assertTrue(operations >= 5, "found " + operations + " dossier operations");
        assertFalse(!problems.isEmpty(), String.join("\n", problems));
    }
}
