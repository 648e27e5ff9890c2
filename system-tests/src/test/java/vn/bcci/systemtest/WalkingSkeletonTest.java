package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import vn.bcci.contracts.TrackingNumber;

/**
 * The walking skeleton, black-box: the local stack's real processes (broker, database, simulator, token issuer and
 * the three packaged services), driven over HTTP only, judged by what the portal simulator holds.
 */
@ExtendWith(SystemStack.class)
class WalkingSkeletonTest {

    private static String token(String client) {
        return SystemStack.bearer(client).substring("Bearer ".length());
    }

    private static String url(int port, String path) {
        return SystemStack.url(port, path);
    }

    @Test
    void aPostalDossierReachesThePortalAndItsFirstPostalMilestoneFollows() {
        String agency = "Bearer " + token("agency-h22");
        String vnpost = "Bearer " + token("vnpost");
        String tracking = TrackingNumber.of("EB", System.nanoTime() % 100_000_000);

        // 0. the catalogue has travelled: portal → portal-sync-service → portal.procedures.v1 → dossier-service
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", agency)
                .get(url(SystemStack.ports().dossier(), "/api/v1/procedures/1.001612")).then().statusCode(200)
                .body("postalIntake", equalTo(true)));

        // 1. the agency registers a postal dossier
        String code = given().header("Authorization", agency).contentType(ContentType.JSON).body("""
                {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Trần Thị Bình", "idNumber": "079301002345",
                               "phone": "0987654321"},
                 "inboundTrackingNumber": "%s"}""".formatted(tracking))
                .post(url(SystemStack.ports().dossier(), "/api/v1/dossiers"))
                .then().statusCode(201).extract().path("code");

        // 2. portal-sync creates it on the portal: status 1, channel 3
        String simDossier = url(SystemStack.ports().portal(), "/_sim/dossiers/" + code);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(simDossier)
                .then().statusCode(200).body("TrangThaiHoSo", equalTo("1")).body("KenhThucHien", equalTo("3")));

        // 3. VNPost pushes the acceptance at the post office of the dossier's inbound item
        String occurredAt = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(5).withNano(0).toString();
        SystemStack.pushSigned(vnpost, """
                [{"eventId": "sys-%s", "itemCode": "%s", "orderNumber": "", "statusCode": "EMA",
                  "occurredAt": "%s", "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(tracking, tracking, occurredAt))
                .post(url(SystemStack.ports().postal(), "/api/v1/tracking-events"))
                .then().statusCode(200).body("results[0].outcome", equalTo("accepted"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", agency)
                .get(url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code + "/timeline"))
                .then().statusCode(200).body("entries.kind", hasItem("POSTAL"))
                .body("entries.kind", hasItem("PORTAL")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(simDossier)
                .then().body("TienDo.size()", equalTo(1)));
        JsonPath held = given().get(simDossier).then().extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertTrue(held.getString("TienDo[0].NoiDungXuLy").contains(tracking));

        // the same push again changes nothing on the portal
        SystemStack.pushSigned(vnpost, """
                [{"eventId": "sys-%s", "itemCode": "%s", "orderNumber": "", "statusCode": "EMA",
                  "occurredAt": "%s", "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(tracking, tracking, occurredAt))
                .post(url(SystemStack.ports().postal(), "/api/v1/tracking-events"))
                .then().statusCode(200).body("results[0].outcome", equalTo("duplicate"));
    }

    @Test
    void withoutATokenEveryApiAnswers401AndAnotherAgencyGetsNothing() {
        given().get(url(SystemStack.ports().dossier(), "/api/v1/dossiers/x")).then().statusCode(401);
        given().post(url(SystemStack.ports().postal(), "/api/v1/tracking-events")).then().statusCode(401);
        given().get(url(SystemStack.ports().portalSync(), "/api/v1/sync/x")).then().statusCode(401);
        given().header("Authorization", "Bearer " + token("agency-g12"))
                .get(url(SystemStack.ports().dossier(), "/api/v1/dossiers/000.00.01.H22-261122-0001")).then()
                .statusCode(404);
    }
}
