package vn.bcci.support.security;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Decorates the bearer-token parser of every service: a token verified once is not verified again until it expires
 * or five minutes have passed ({@link VerifiedTokens}). A token whose signing key is withdrawn from the issuer's key
 * set is therefore still accepted for at most five minutes; tokens live an hour anyway. Tokens that fail verification
 * are never kept.
 */
@Decorator
@Priority(10)
public abstract class CachingJwtParser implements JWTParser {
    /** One per application (the decorated parser is application-scoped), so a restarted application starts empty. */
    private final VerifiedTokens verifiedTokens = new VerifiedTokens(10_000, 300);

    @Inject
    @Delegate
    @Any
    JWTParser delegate;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        JsonWebToken cached = verifiedTokens.get(token, now);
        if (cached != null) {
            return cached;
        }
        JsonWebToken verified = delegate.parse(token);
        verifiedTokens.put(token, verified, now);
        return verified;
    }
}
