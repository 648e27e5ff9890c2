package vn.bcci.dossier.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * Tokens forged in the usual ways are refused with 401 (issue 27): no signature ({@code alg: none}), claims edited
 * under a real signature, HS256 keyed with the issuer's public key, and tokens the issuer really signed but that have
 * expired, name another issuer or are for another audience. The same request with a good token is served.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class ForgedTokensTest {
    private static final String AGENCY = "000.00.01.H22";

    private static int status(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/dossiers?limit=1").statusCode();
    }

    private static JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(SharedInfra.tokenIssuer().issuer());
        c.setSubject("agency-h22");
        c.setClaim("upn", "agency-h22");
        c.setAudience("bcci");
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(10);
        c.setGeneratedJwtId();
        c.setStringListClaim("groups", List.of("agency"));
        c.setClaim("agency", AGENCY);
        return c;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodTokenIsServedAndEveryForgeryIsRefused() throws Exception {
        String good = SharedInfra.tokenIssuer().signed(claims());
        assertEquals(200, status(good), "the control: a token the issuer signed");

        Map<String, String> forged = new LinkedHashMap<>();
        String[] parts = good.split("\\.");
        forged.put("alg none, no signature", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        JwtClaims edited = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        edited.setStringListClaim("groups", List.of("agency", "admin"));
        forged.put("claims edited under the old signature", parts[0] + "." + b64(edited.toJson()) + "." + parts[2]);

        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SharedInfra.tokenIssuer()
                .jwksUrl())).build(), HttpResponse.BodyHandlers.ofString()).body();
        PublicKey issuerKey = ((PublicJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0)).getPublicKey();
        JsonWebSignature hs = new JsonWebSignature();
        hs.setPayload(claims().toJson());
        hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hs.setKey(new HmacKey(issuerKey.getEncoded()));
        hs.setDoKeyValidation(false);
        forged.put("HS256 keyed with the issuer's public key", hs.getCompactSerialization());

        JwtClaims expired = claims();
        expired.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 7200));
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        forged.put("expired an hour ago", SharedInfra.tokenIssuer().signed(expired));
        JwtClaims otherIssuer = claims();
        otherIssuer.setIssuer("https://id.example.com");
        forged.put("another issuer", SharedInfra.tokenIssuer().signed(otherIssuer));
        JwtClaims otherAudience = claims();
        otherAudience.setAudience("operator-console");
        forged.put("another audience (the console's ID token)", SharedInfra.tokenIssuer().signed(otherAudience));

        Map<String, Integer> answers = new LinkedHashMap<>();
        forged.forEach((how, token) -> answers.put(how, status(token)));
        Map<String, Integer> refused = new LinkedHashMap<>();
        forged.keySet().forEach(how -> refused.put(how, 401));
        assertEquals(refused, answers);
    }
}
