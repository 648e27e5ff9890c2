package vn.bcci.support.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing and verification of webhook calls the Standard Webhooks way (standardwebhooks.com): HMAC-SHA256 over
 * {@code id.timestamp.body}, sent as {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature} ({@code v1,<base64>}, several separated by spaces while a secret is rotated). A timestamp
 * outside the tolerance is refused, so a captured call cannot be replayed later. Framework-free; used for VNPost's
 * pushes to us and for our webhooks to operators' systems.
 */
public final class StandardWebhooks {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final SecretKeySpec key;

    /** @param secret {@code whsec_<base64>} as the standard hands it out, or any other string taken as its bytes */
    public StandardWebhooks(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        byte[] bytes = secret.startsWith(SECRET_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The {@code v1,<base64>} signature of one call. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The three headers of a call sent now. */
    public Map<String, String> headers(String id, Instant at, byte[] body) {
        long ts = at.getEpochSecond();
        return Map.of(ID, id, TIMESTAMP, Long.toString(ts), SIGNATURE, sign(id, ts, body));
    }

    /**
     * Why a received call is not authentic, or {@code null} when it is.
     *
     * @param tolerance how far the timestamp may be from {@code now}, either way
     */
    public String refusal(String id, String timestamp, String signatures, byte[] body, Instant now,
            Duration tolerance) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || signatures.isBlank()) {
            return "the headers " + ID + ", " + TIMESTAMP + " and " + SIGNATURE + " are required";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return TIMESTAMP + " must be Unix seconds";
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return TIMESTAMP + " is outside the tolerated window of " + tolerance + " (a replay, or a wrong clock)";
        }
        byte[] expected = sign(id, ts, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.trim().split("\\s+")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return null;
            }
        }
        return SIGNATURE + " does not match the body";
    }
}
