package vn.bcci.dossier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.dossier.lifecycle.Dossier;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/** Every registration rule: a 4xx problem naming the field, and nothing stored. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class ValidationTest {
    private static final String VALID = "{\"procedureCode\": \"1.001612\", \"agencyCode\": \"000.00.01.H22\", "
            + "\"channel\": \"POSTAL\", \"returnMethod\": \"POSTAL\", \"summary\": \"Đăng ký khai sinh\", "
            + "\"inboundTrackingNumber\": \"EB123456785VN\", \"applicant\": {\"type\": \"CITIZEN\", "
            + "\"name\": \"Nguyễn Văn An\", \"idNumber\": \"001203004567\", \"phone\": \"0912345789\", "
            + "\"email\": \"an@example.vn\"}}";

    @BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "agencyCode|\"agencyCode\": \"000.00.01.H22\"|\"agencyCode\": \"H22\"",
            "procedureCode|\"procedureCode\": \"1.001612\"|\"procedureCode\": \"birth\"",
            "procedureCode|\"procedureCode\": \"1.001612\"|\"procedureCode\": \"9.999999\"",
            "channel|\"channel\": \"POSTAL\"|\"channel\": \"FAX\"",
            "returnMethod|\"returnMethod\": \"POSTAL\"|\"returnMethod\": \"DRONE\"",
            "applicant.type|\"type\": \"CITIZEN\"|\"type\": \"ALIEN\"",
            "applicant.name|\"name\": \"Nguyễn Văn An\"|\"name\": \"\"",
            "applicant.idNumber|\"idNumber\": \"001203004567\"|\"idNumber\": \"12345\"",
            "applicant.phone|\"phone\": \"0912345789\"|\"phone\": \"+84 912\"",
            "applicant.email|\"email\": \"an@example.vn\"|\"email\": \"not-an-email\"",
            "inboundTrackingNumber|\"inboundTrackingNumber\": \"EB123456785VN\"|\"inboundTrackingNumber\": \"EB123456784VN\"",
            "inboundTrackingNumber|\"inboundTrackingNumber\": \"EB123456785VN\"|\"inboundTrackingNumber\": \"EB12VN\"",
            "code|\"procedureCode\"|\"code\": \"bad code\", \"procedureCode\"",
            "submittedAt|\"procedureCode\"|\"submittedAt\": \"yesterday\", \"procedureCode\"",
            "submittedAt|\"procedureCode\"|\"submittedAt\": \"0001-01-01T00:00:00Z\", \"procedureCode\"",
            "submittedAt|\"procedureCode\"|\"submittedAt\": \"9999-12-31T00:00:00Z\", \"procedureCode\"",
            "submittedAt|\"procedureCode\"|\"submittedAt\": \"+1000000000-01-01T00:00:00Z\", \"procedureCode\"",
            "submittedAt|\"procedureCode\"|\"submittedAt\": \"2099-01-01T00:00:00Z\", \"procedureCode\"",
            "summary|\"summary\": \"Đăng ký khai sinh\"|\"summary\": \"Đăng\\u0000ký\"",
            "applicant.name|\"name\": \"Nguyễn Văn An\"|\"name\": \"Nguyễn\\u001b[2J\"",
            "code|\"procedureCode\"|\"code\": \"000.00.00.G12-261122-0042\", \"procedureCode\"",
            "channel|\"channel\": \"POSTAL\"|\"channel\": \"POSTAL\", \"channel\": \"ONLINE\"",
            "body|\"email\": \"an@example.vn\"}}|\"email\": \"an@example.vn\"}} {\"more\": 1}"})
    void aBrokenRuleIsA400NamingTheFieldAndNothingIsStored(String field, String valid, String broken) {
        long before = QuarkusTransaction.requiringNew().call(() -> Dossier.count());
        String body = VALID.replace(valid, broken);
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/dossiers")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> Dossier.count()));
    }
}
