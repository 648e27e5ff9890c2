package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * The bound on waiting work (issue 27; service-support's {@code InFlightLimit}): with three API requests of an
 * instance stuck behind a row lock and {@code bcci.http.max-in-flight=3}, a fourth is answered {@code 503} with
 * {@code Retry-After: 1} at once instead of queueing, while health still answers; once the stuck ones are done the
 * instance serves again.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@TestProfile(InFlightLimitTest.ThreeAtOnce.class)
class InFlightLimitTest {

    public static class ThreeAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bcci.http.max-in-flight", "3");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private static int inFlight() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("http_requests_in_flight"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }

    @Test
    void aRequestBeyondTheBoundIsToldToComeBackAtOnce() throws Exception {
        List<CompletableFuture<Integer>> stuck = new ArrayList<>();
        String code;
        try (StuckDossier dossier = new StuckDossier(dataSource)) {
            code = dossier.code;
            for (int i = 0; i < 3; i++) {
                stuck.add(CompletableFuture.supplyAsync(() -> StuckDossier.accept(code).statusCode()));
            }
            await().atMost(Duration.ofSeconds(8)).until(() -> inFlight() == 3);

            long started = System.nanoTime();
            given().header("Authorization", StuckDossier.AGENCY).get("/api/v1/dossiers?limit=5").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("1"))
                    .body("detail", containsString("as many requests as it takes (3)"));
            long took = (System.nanoTime() - started) / 1_000_000;
            assertTrue(took < 1_000, "refused at once, not queued: " + took + " ms");
            given().get("/q/health/ready").then().statusCode(200);
        }
        for (CompletableFuture<Integer> f : stuck) {
            int status = f.get();
            assertTrue(status == 200 || status == 409, "a stuck transition ends as any other: " + status);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight() == 0);
        given().header("Authorization", StuckDossier.AGENCY).get("/api/v1/dossiers/" + code).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
    }
}
