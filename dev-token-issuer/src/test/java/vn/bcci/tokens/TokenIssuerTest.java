package vn.bcci.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TokenIssuerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void issuesATokenThatVerifiesAgainstItsJwksWithRolesAndAgency() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(0, null)) {
            HttpResponse<String> response = post(issuer, "grant_type=client_credentials&client_id=agency-h22"
                    + "&client_secret=agency-h22-secret");
            assertEquals(200, response.statusCode());
            String token = new ObjectMapper().readTree(response.body()).get("access_token").asText();

            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setExpectedIssuer(TokenIssuer.DEFAULT_ISSUER)
                    .setExpectedAudience("bcci")
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(issuer.jwksUrl())))
                    .build();
            JwtClaims claims = consumer.processToClaims(token);
            assertEquals(List.of("agency"), claims.getStringListClaimValue("groups"));
            assertEquals("000.00.01.H22", claims.getStringClaimValue("agency"));
        }
    }

    @Test
    void refusesAWrongSecret() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(0, null)) {
            HttpResponse<String> response = post(issuer,
                    "grant_type=client_credentials&client_id=vnpost&client_secret=nope");
            assertEquals(401, response.statusCode());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertEquals("invalid_client", body.get("error").asText());
        }
    }

    @Test
    void keepsItsKeyAcrossRestartsSoEarlierTokensStayValid() throws Exception {
        Path dir = Files.createTempDirectory("issuer");
        String first;
        try (TokenIssuer issuer = TokenIssuer.start(0, dir)) {
            first = issuer.jwksUrl().isEmpty() ? "" : fetch(issuer.jwksUrl());
        }
        try (TokenIssuer issuer = TokenIssuer.start(0, dir)) {
            assertEquals(first, fetch(issuer.jwksUrl()));
            assertTrue(first.contains("\"kty\":\"RSA\""));
        }
    }

    private HttpResponse<String> post(TokenIssuer issuer, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String fetch(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
