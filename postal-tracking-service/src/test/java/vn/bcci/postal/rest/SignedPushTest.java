package vn.bcci.postal.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static vn.bcci.postal.PostalFixture.event;
import static vn.bcci.postal.PostalFixture.item;
import static vn.bcci.postal.PostalFixture.registerInbound;
import static vn.bcci.postal.PostalFixture.shipment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.support.webhooks.StandardWebhooks;

/** With a signing secret configured, only pushes signed the Standard Webhooks way are taken. */
@QuarkusTest
@TestProfile(SignedPushTest.Signing.class)
@WithTestResource(value = ServiceInfraResource.class)
class SignedPushTest {
    static final String SECRET = "whsec_dGhlIHZucG9zdCBwdXNoIHNlY3JldCBmb3IgdGVzdHM=";

    public static class Signing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracking.webhook.secret", SECRET);
        }
    }

    private static ValidatableResponse send(String body, Map<String, String> headers) {
        return given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                .headers(headers).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/tracking-events").then();
    }

    private static Map<String, String> signed(String body, String secret, Instant at) {
        return new StandardWebhooks(secret).headers("msg_" + UUID.randomUUID(), at,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedPushIsTakenAndItsReplayChangesNothing() {
        String item = item();
        registerInbound(item);
        String body = "[" + event(null, item, "EMA", 0) + "]";
        Map<String, String> headers = signed(body, SECRET, Instant.now());
        send(body, headers).statusCode(200).body("accepted", equalTo(1));
        send(body, headers).statusCode(200).body("duplicate", equalTo(1));
        shipment(item).body("state", equalTo("ACCEPTED")).body("events", hasSize(1));
    }

    @Test
    void unsignedWronglySignedTamperedAndStalePushesAreRefusedAndNothingIsStored() {
        String item = item();
        registerInbound(item);
        String body = "[" + event(null, item, "EMA", 0) + "]";
        refused(send(body, Map.of()), "required");
        refused(send(body, signed(body, "whsec_" + "d3Jvbmcgc2VjcmV0", Instant.now())), "does not match");
        refused(send(body.replace("EMA", "EMI"), signed(body, SECRET, Instant.now())), "does not match");
        refused(send(body, signed(body, SECRET, Instant.now().minus(Duration.ofMinutes(10)))), "tolerated window");
        shipment(item).body("state", equalTo("REGISTERED")).body("events", hasSize(0));
    }

    private static void refused(ValidatableResponse response, String reason) {
        response.statusCode(401).contentType("application/problem+json")
                .body("errors[0].field", equalTo(StandardWebhooks.SIGNATURE))
                .body("detail", org.hamcrest.Matchers.containsString(reason));
    }
}
