package vn.bcci.postal.shipments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static vn.bcci.postal.PostalFixture.item;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/** A shipment names its dossier's agency; its parties are VNPost's and the agency's to read, masked for operators. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class ShipmentRulesTest {

    @Test
    void aShipmentCannotPutOneAgencysDossierInAnothersView() {
        for (String body : new String[]{
                "{\"itemCode\": \"%s\", \"direction\": \"OUTBOUND\", \"dossierCode\": \"000.00.01.H22-261122-0042\", "
                        + "\"agencyCode\": \"000.00.00.G12\"}",
                "{\"itemCode\": \"%s\", \"direction\": \"OUTBOUND\", \"dossierCode\": \"000.00.01.H22-261122-0042\"}"}) {
            given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                    .body(body.formatted(item())).post("/api/v1/shipments").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("agencyCode"));
        }
        given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                .body("{\"itemCode\": \"%s\", \"direction\": \"OUTBOUND\", \"dossierCode\": \"not a dossier code\", "
                        .formatted(item()) + "\"agencyCode\": \"000.00.01.H22\"}")
                .post("/api/v1/shipments").then().statusCode(400).body("errors.field", hasItem("dossierCode"));
    }

    @Test
    void operatorsSeeThePartiesMaskedVnpostInClear() {
        String item = item();
        given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON).body("""
                {"itemCode": "%s", "direction": "INBOUND", "agencyCode": "000.00.01.H22",
                 "sender": {"name": "Nguyễn Văn An", "phone": "0912345789", "address": "12 Hàng Bài",
                            "province": "Hà Nội"}}""".formatted(item))
                .post("/api/v1/shipments").then().statusCode(201);
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/shipments/" + item).then()
                .statusCode(200).body("sender.name", equalTo("N. V. An")).body("sender.phone", equalTo("09x****789"))
                .body("sender.address", equalTo("***")).body("sender.province", equalTo("Hà Nội"));
        given().header("Authorization", Tokens.bearer("vnpost")).get("/api/v1/shipments/" + item).then()
                .statusCode(200).body("sender.phone", equalTo("0912345789"));
    }
}
