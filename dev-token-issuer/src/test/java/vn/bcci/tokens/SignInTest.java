package vn.bcci.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The console's sign-in: authorization code with PKCE, as a browser and the console's page would go through it. */
class SignInTest {
    private static final String CONSOLE_BACK = "http://127.0.0.1:8083/";
    private static final String VERIFIER = "a-verifier-of-forty-three-characters-or-more-0123456789";
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects: we read them
    private final TokenIssuer issuer;
    private final ObjectMapper json = new ObjectMapper();

    SignInTest() throws Exception {
        issuer = TokenIssuer.start(0, null);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private String authorizeQuery(String redirect, boolean pkce) {
        return "response_type=code&client_id=operator-console&state=s-123&nonce=n-456&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + (pkce ? "&code_challenge_method=S256&code_challenge=" + SignIn.s256(VERIFIER) : "");
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> queryOf(String location) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    private String signInAs(String user, String password) throws Exception {
        HttpResponse<String> answer = postForm("/oauth2/authorize", authorizeQuery(CONSOLE_BACK, true)
                + "&username=" + user + "&password=" + password);
        assertEquals(302, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(CONSOLE_BACK + "?"), location);
        assertEquals("s-123", queryOf(location).get("state"));
        return queryOf(location).get("code");
    }

    private HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return postForm("/oauth2/token", "grant_type=authorization_code&client_id=operator-console&code=" + code
                + "&code_verifier=" + verifier + "&redirect_uri=" + URLEncoder.encode(CONSOLE_BACK,
                        StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorSignsInAndTheCodeBecomesTokensOnceWithItsVerifier() throws Exception {
        HttpResponse<String> page = get("/oauth2/authorize?" + authorizeQuery(CONSOLE_BACK, true));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"password\"") && page.body().contains("Đăng nhập"), page.body());

        assertEquals(401, postForm("/oauth2/authorize", authorizeQuery(CONSOLE_BACK, true)
                + "&username=dieuhanh&password=wrong").statusCode());

        String code = signInAs("dieuhanh", "dieuhanh");
        assertEquals(400, exchange(code, VERIFIER.replace('a', 'b')).statusCode(), "another verifier");
        // a code is spent by its first exchange, even a refused one
        assertEquals("invalid_grant", json.readTree(exchange(code, VERIFIER).body()).get("error").asText());

        code = signInAs("dieuhanh", "dieuhanh");
        HttpResponse<String> tokens = exchange(code, VERIFIER);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("*", tokens.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        JsonNode body = json.readTree(tokens.body());
        JwtClaims access = new JwtConsumerBuilder().setExpectedIssuer(TokenIssuer.DEFAULT_ISSUER)
                .setExpectedAudience("bcci")
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(issuer.jwksUrl())))
                .build().processToClaims(body.get("access_token").asText());
        assertEquals(List.of("operator"), access.getStringListClaimValue("groups"));
        assertEquals("dieuhanh", access.getSubject());
        JwtClaims id = new JwtConsumerBuilder().setExpectedIssuer(TokenIssuer.DEFAULT_ISSUER)
                .setExpectedAudience("operator-console")
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(issuer.jwksUrl())))
                .build().processToClaims(body.get("id_token").asText());
        assertEquals("n-456", id.getStringClaimValue("nonce"));
        assertEquals(400, exchange(code, VERIFIER).statusCode(), "used once");
    }

    private HttpResponse<String> refresh(String refreshToken, String client) throws Exception {
        return postForm("/oauth2/token", "grant_type=refresh_token&client_id=" + client + "&refresh_token="
                + refreshToken);
    }

    @Test
    void theSignInIsRenewedWithoutThePasswordUntilSignOutEndsIt() throws Exception {
        JsonNode first = json.readTree(exchange(signInAs("dieuhanh", "dieuhanh"), VERIFIER).body());
        String spent = first.get("refresh_token").asText();
        assertTrue(spent.length() >= 40, spent);

        HttpResponse<String> renewed = refresh(spent, "operator-console");
        assertEquals(200, renewed.statusCode(), renewed.body());
        JsonNode body = json.readTree(renewed.body());
        JwtClaims access = new JwtConsumerBuilder().setExpectedIssuer(TokenIssuer.DEFAULT_ISSUER)
                .setExpectedAudience("bcci")
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(issuer.jwksUrl())))
                .build().processToClaims(body.get("access_token").asText());
        assertEquals("dieuhanh", access.getSubject(), "the same person, without a password");
        assertEquals(List.of("operator"), access.getStringListClaimValue("groups"));
        String current = body.get("refresh_token").asText();
        assertTrue(!current.equals(spent), "rotated");

        // a refresh token is used once: replayed (stolen and used after its owner), refused
        assertEquals("invalid_grant", json.readTree(refresh(spent, "operator-console").body()).get("error")
                .asText());
        // given to the console, not to another client
        assertEquals(400, refresh(current, "vnpost").statusCode());
        // the refused attempt spent it too: a fresh sign-in, then sign-out revokes its token
        String another = json.readTree(exchange(signInAs("dieuhanh", "dieuhanh"), VERIFIER).body())
                .get("refresh_token").asText();
        assertEquals(405, get("/oauth2/revoke").statusCode());
        assertEquals(200, postForm("/oauth2/revoke", "token=" + another).statusCode());
        assertEquals(400, refresh(another, "operator-console").statusCode(), "signed out");
        assertEquals(200, postForm("/oauth2/revoke", "token=unknown").statusCode(), "RFC 7009: not an error");
    }

    @Test
    void discoveryNamesTheRenewalAndTheRevocation() throws Exception {
        JsonNode discovery = json.readTree(get("/.well-known/openid-configuration").body());
        assertEquals(issuer.baseUrl() + "/oauth2/revoke", discovery.get("revocation_endpoint").asText());
        assertTrue(discovery.get("grant_types_supported").toString().contains("refresh_token"),
                discovery.toString());
    }

    @Test
    void aCoordinatorsTokenCarriesTheAgency() throws Exception {
        JsonNode body = json.readTree(exchange(signInAs("dieuphoi-h22", "dieuphoi-h22"), VERIFIER).body());
        String payload = new String(java.util.Base64.getUrlDecoder()
                .decode(body.get("access_token").asText().split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = json.readTree(payload);
        assertEquals("000.00.01.H22", claims.get("agency").asText());
        assertEquals("agency", claims.get("groups").get(0).asText());
    }

    @Test
    void requestsWithoutPkceOrToForeignAddressesAreRefused() throws Exception {
        HttpResponse<String> noPkce = get("/oauth2/authorize?" + authorizeQuery(CONSOLE_BACK, false));
        assertEquals(302, noPkce.statusCode());
        Map<String, String> back = queryOf(noPkce.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", back.get("error"));
        assertNull(back.get("code"));

        HttpResponse<String> foreign = get("/oauth2/authorize?" + authorizeQuery("http://evil.example/", true));
        assertEquals(400, foreign.statusCode(), "never redirected to an address not the console's");
        assertTrue(foreign.headers().firstValue("Location").isEmpty());

        HttpResponse<String> out = get("/oauth2/logout?post_logout_redirect_uri=" + URLEncoder.encode(CONSOLE_BACK,
                StandardCharsets.UTF_8));
        assertEquals(302, out.statusCode());
        assertEquals(CONSOLE_BACK, out.headers().firstValue("Location").orElseThrow());
        JsonNode discovery = json.readTree(get("/.well-known/openid-configuration").body());
        assertEquals(issuer.baseUrl() + "/oauth2/authorize", discovery.get("authorization_endpoint").asText());
        assertEquals("S256", discovery.get("code_challenge_methods_supported").get(0).asText());
    }
}
