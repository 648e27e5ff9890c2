package vn.bcci.postal.ingestion;

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
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.support.webhooks.StandardWebhooks;

/** Signing is the default: only pushes signed the Standard Webhooks way are taken, and a webhook-id for one body. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class SignedPushTest {
    static final String SECRET = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("tracking.webhook.secret", String.class);

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

    @Test
    void aWebhookIdIsTakenForOneBodyOnly() {
        String item = item();
        registerInbound(item);
        String first = "[" + event(null, item, "EMA", 0) + "]";
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        StandardWebhooks signer = new StandardWebhooks(SECRET);
        send(first, Map.of(StandardWebhooks.ID, id, StandardWebhooks.TIMESTAMP, Long.toString(now),
                StandardWebhooks.SIGNATURE, signer.sign(id, now, first.getBytes(StandardCharsets.UTF_8))))
                .statusCode(200).body("accepted", equalTo(1));
        String other = "[" + event(null, item, "EMI", 5) + "]";
        send(other, Map.of(StandardWebhooks.ID, id, StandardWebhooks.TIMESTAMP, Long.toString(now),
                StandardWebhooks.SIGNATURE, signer.sign(id, now, other.getBytes(StandardCharsets.UTF_8))))
                .statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo(StandardWebhooks.ID));
        shipment(item).body("state", equalTo("ACCEPTED")).body("events", hasSize(1));
    }

    @Test
    void withoutASecretTheServiceDoesNotStartUnlessSigningIsSwitchedOff() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new PushSigning("required", java.util.Optional.empty(), Duration.ofMinutes(5), null, null));
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("TRACKING_WEBHOOK_SECRET"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new PushSigning("sometimes", java.util.Optional.of(SECRET), Duration.ofMinutes(5), null, null));
        new PushSigning("off", java.util.Optional.empty(), Duration.ofMinutes(5), null, null)
                .verify(null, null, null, new byte[0]); // development only: an unsigned push passes
    }

    @Test
    void theDocumentedScriptSignsAPushThisServiceTakes() throws Exception {
        String item = item();
        registerInbound(item);
        java.nio.file.Path body = java.nio.file.Files.createTempFile("push", ".json");
        java.nio.file.Files.writeString(body, "[" + event(null, item, "EMA", 0) + "]");
        Process p = new ProcessBuilder("bash", "sign-push.sh", body.toString(), SECRET).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor(), out);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String option : out.split(" ")) {
            if (!option.equals("-H")) {
                headers.put(option.substring(0, option.indexOf(':')), option.substring(option.indexOf(':') + 1));
            }
        }
        send(java.nio.file.Files.readString(body), headers).statusCode(200).body("accepted", equalTo(1));
    }

    private static void refused(ValidatableResponse response, String reason) {
        response.statusCode(401).contentType("application/problem+json")
                .body("errors[0].field", equalTo(StandardWebhooks.SIGNATURE))
                .body("detail", org.hamcrest.Matchers.containsString(reason));
    }
}
