package vn.bcci.dossier.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/** The service's token parser is decorated (service-support CachingJwtParser): verified once, refused when forged. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class TokenCacheTest {
    @Inject
    JWTParser parser;

    @Test
    void aTokenIsVerifiedOnceAndATamperedCopyIsStillRefused() throws Exception {
        String token = Tokens.bearer("agency-h22").substring("Bearer ".length());
        assertSame(parser.parse(token), parser.parse(token), "the second call is answered from the cache");
        assertNotSame(parser.parse(token), parser.parse(Tokens.bearer("agency-h22").substring(7)),
                "another token is verified on its own");

        // the same claims with the signature's last characters changed: verified afresh, and refused
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(ParseException.class, () -> parser.parse(forged));
        given().header("Authorization", "Bearer " + forged).get("/api/v1/dossiers").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/api/v1/dossiers").then().statusCode(200);
    }
}
