package vn.bcci.support.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens whose signature and claims were verified, kept until they expire (or for at most {@code maxAgeSeconds})
 * so that a client calling again with the same token is not checked again: an RSA signature check is the largest
 * single cost of a small request. Keyed by the whole compact token, so a token differing in any byte (a tampered
 * one) is verified afresh. At most {@code capacity} tokens are kept; when full, the expired ones go, and if none had
 * expired, all of them. Framework-free.
 */
public final class VerifiedTokens {
    private record Entry(JsonWebToken token, long until) {
    }

    private final Map<String, Entry> verified = new ConcurrentHashMap<>();
    private final int capacity;
    private final long maxAgeSeconds;

    public VerifiedTokens(int capacity, long maxAgeSeconds) {
        this.capacity = capacity;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The verified token, or {@code null} when it was not verified here or is no longer valid at {@code now}. */
    public JsonWebToken get(String compact, long nowEpochSeconds) {
        Entry e = verified.get(compact);
        if (e == null) {
            return null;
        }
        if (e.until() <= nowEpochSeconds) {
            verified.remove(compact, e);
            return null;
        }
        return e.token();
    }

    /** Keeps a token its parser has just verified at {@code now}. */
    public void put(String compact, JsonWebToken token, long nowEpochSeconds) {
        long expires = token.getExpirationTime();
        long until = Math.min(expires > 0 ? expires : nowEpochSeconds, nowEpochSeconds + maxAgeSeconds);
        if (until <= nowEpochSeconds) {
            return;
        }
        if (verified.size() >= capacity) {
            verified.values().removeIf(e -> e.until() <= nowEpochSeconds);
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(compact, new Entry(token, until));
    }

    public int size() {
        return verified.size();
    }
}
