package vn.bcci.support.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
    /** The example of the Standard Webhooks specification: secret, id, timestamp, payload and signature. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final StandardWebhooks webhooks = new StandardWebhooks(SECRET);

    @Test
    void signsLikeTheSpecificationsExample() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", webhooks.sign(ID, TS, BODY));
    }

    @Test
    void acceptsItsOwnSignatureAmongOthersDuringRotation() {
        Instant now = Instant.ofEpochSecond(TS + 10);
        String signature = webhooks.sign(ID, TS, BODY);
        assertNull(webhooks.refusal(ID, Long.toString(TS), "v1,b3RoZXI= " + signature, BODY, now, TOLERANCE));
    }

    @Test
    void refusesATamperedBodyAWrongSecretAReplayAndMissingHeaders() {
        Instant now = Instant.ofEpochSecond(TS);
        String signature = webhooks.sign(ID, TS, BODY);
        byte[] tampered = "{\"test\": 1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(webhooks.refusal(ID, Long.toString(TS), signature, tampered, now, TOLERANCE).contains("match"));
        String foreign = new StandardWebhooks("another-secret").sign(ID, TS, BODY);
        assertTrue(webhooks.refusal(ID, Long.toString(TS), foreign, BODY, now, TOLERANCE).contains("match"));
        assertTrue(webhooks.refusal(ID, Long.toString(TS), signature, BODY, now.plus(Duration.ofMinutes(6)), TOLERANCE)
                .contains("outside the tolerated window"));
        assertTrue(webhooks.refusal(ID, "yesterday", signature, BODY, now, TOLERANCE).contains("Unix seconds"));
        assertTrue(webhooks.refusal(null, Long.toString(TS), signature, BODY, now, TOLERANCE).contains("required"));
    }

    @Test
    void headersCarryTheSignatureOfTheirOwnTimestamp() {
        Instant at = Instant.ofEpochSecond(TS);
        Map<String, String> h = webhooks.headers(ID, at, BODY);
        assertNull(webhooks.refusal(h.get(StandardWebhooks.ID), h.get(StandardWebhooks.TIMESTAMP),
                h.get(StandardWebhooks.SIGNATURE), BODY, at, TOLERANCE));
    }
}
