package vn.bcci.support.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static JsonWebToken expiringAt(long exp) {
        return new JsonWebToken() {
            private final Map<String, Object> claims = Map.of("exp", exp, "sub", "agency-h22");

            @Override
            public String getName() {
                return "agency-h22";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }

    @Test
    void aVerifiedTokenIsReturnedUntilItExpiresAndNotAfter() {
        VerifiedTokens tokens = new VerifiedTokens(10, 300);
        JsonWebToken jwt = expiringAt(1_000);
        tokens.put("a.b.c", jwt, 900);
        assertSame(jwt, tokens.get("a.b.c", 999));
        assertNull(tokens.get("a.b.c", 1_000), "expired");
        assertEquals(0, tokens.size(), "the expired one is dropped when seen");
    }

    @Test
    void noTokenIsTrustedLongerThanTheMaximumAgeAndAnOtherTokenIsNotTheSame() {
        VerifiedTokens tokens = new VerifiedTokens(10, 300);
        tokens.put("a.b.c", expiringAt(10_000), 1_000);
        assertSame(tokens.get("a.b.c", 1_299), tokens.get("a.b.c", 1_000));
        assertNull(tokens.get("a.b.c", 1_300), "verified again after five minutes");
        tokens.put("a.b.c", expiringAt(10_000), 1_000);
        assertNull(tokens.get("a.b.d", 1_001), "one byte differs: not the verified token");
    }

    @Test
    void anAlreadyExpiredTokenIsNotKeptAndAFullCacheMakesRoom() {
        VerifiedTokens tokens = new VerifiedTokens(2, 300);
        tokens.put("old", expiringAt(500), 600);
        assertEquals(0, tokens.size());
        tokens.put("t1", expiringAt(700), 600);
        tokens.put("t2", expiringAt(5_000), 600);
        tokens.put("t3", expiringAt(5_000), 800); // t1 has expired by now: it makes the room
        assertNull(tokens.get("t1", 800));
        assertEquals(2, tokens.size());
        tokens.put("t4", expiringAt(5_000), 800); // nothing expired: the cache starts again
        assertEquals(1, tokens.size());
    }
}
