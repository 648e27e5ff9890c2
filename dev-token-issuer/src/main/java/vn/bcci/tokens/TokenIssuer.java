package vn.bcci.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's OAuth2 authorisation server: client credentials grant for the demo clients, RS256-signed JWTs, and
 * the public key as JWKS. Services verify tokens against the JWKS location, so in production only that location and
 * the issuer name change.
 *
 * <ul>
 * <li>{@code POST /oauth2/token} form {@code grant_type=client_credentials&client_id=..&client_secret=..} (or HTTP
 * Basic)</li>
 * <li>{@code GET /.well-known/jwks.json}</li>
 * <li>{@code GET /.well-known/openid-configuration}</li>
 * <li>{@code GET|POST /oauth2/authorize}, {@code POST /oauth2/token} with {@code grant_type=authorization_code}, {@code
 * GET /oauth2/logout}: the operator console's sign-in, authorization code with PKCE ({@link SignIn})</li>
 * </ul>
 */
public final class TokenIssuer implements AutoCloseable {
    /** The {@code iss} claim; services are configured to accept exactly this. */
    public static final String DEFAULT_ISSUER = "bcci-dev-token-issuer";
    public static final int TOKEN_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(TokenIssuer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String issuer;
    private final SignIn signIn = new SignIn();

    private TokenIssuer(HttpServer server, RsaJsonWebKey key, String issuer) {
        this.server = server;
        this.key = key;
        this.issuer = issuer;
    }

    /**
     * Starts the issuer on 127.0.0.1.
     *
     * @param port 0 for a free port
     * @param keyDir where the signing key is kept across restarts; {@code null} for a key that lives as long as the
     *        process
     */
    public static TokenIssuer start(int port, Path keyDir) throws IOException {
        return start("127.0.0.1", port, keyDir);
    }

    /** Starts the issuer on the given address ({@code 0.0.0.0} in a container). */
    public static TokenIssuer start(String host, int port, Path keyDir) throws IOException {
        RsaJsonWebKey key = loadOrCreateKey(keyDir);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        TokenIssuer issuer = new TokenIssuer(server, key, DEFAULT_ISSUER);
        server.createContext("/oauth2/token", issuer::token);
        server.createContext("/oauth2/authorize", issuer::authorize);
        server.createContext("/oauth2/logout", issuer::logout);
        server.createContext("/oauth2/revoke", issuer::revoke);
        server.createContext("/.well-known/jwks.json", issuer::jwks);
        server.createContext("/.well-known/openid-configuration", issuer::discovery);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "token-issuer");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return issuer;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8088"));
        Path keyDir = Path.of(System.getenv().getOrDefault("KEY_DIR", ".local-stack/token-issuer"));
        TokenIssuer issuer = start(System.getenv().getOrDefault("BIND_HOST", "127.0.0.1"), port, keyDir);
        LOG.info("development token issuer on " + issuer.baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return baseUrl() + "/.well-known/jwks.json";
    }

    public String issuer() {
        return issuer;
    }

    /** Signs a token for a demo client, as the token endpoint would. */
    public String tokenFor(String clientId) {
        return sign(DemoClient.find(clientId).orElseThrow(() -> new IllegalArgumentException(clientId)));
    }

    /** Signs a token with explicit roles and agency, for tests of authorisation rules. */
    public String tokenFor(String subject, java.util.List<String> roles, String agency) {
        return sign(new DemoClient(subject, "", roles, agency));
    }

    private String sign(DemoClient client) {
        return sign(client.id(), client.roles(), client.agency(), null);
    }

    /** An access token for the services: audience {@code bcci}, roles in {@code groups}, the agency if any. */
    private String sign(String subject, java.util.List<String> roles, String agency, String name) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setAudience("bcci");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(TOKEN_SECONDS / 60f);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", roles);
        if (agency != null) {
            claims.setClaim("agency", agency);
        }
        if (name != null) {
            claims.setClaim("name", name);
        }
        return sign(claims);
    }

    /** The ID token of a sign-in: for the console, with the person's name and the request's nonce. */
    private String idToken(DemoPerson person, SignIn.Grant grant) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(person.username());
        claims.setAudience(grant.clientId());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(TOKEN_SECONDS / 60f);
        claims.setClaim("name", person.name());
        if (grant.nonce() != null) {
            claims.setClaim("nonce", grant.nonce());
        }
        return sign(claims);
    }

    /**
     * Signs {@code claims} as they are, with this issuer's key: for tests of how services refuse a token whose
     * signature is right but whose claims are not (expired, another issuer, another audience).
     */
    public String signed(JwtClaims claims) {
        return sign(claims);
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "invalid_request", "error_description", "use POST"));
            return;
        }
        Map<String, String> form = parseForm(exchange.getRequestBody());
        basicCredentials(exchange).ifPresent(form::putAll);
        if ("authorization_code".equals(form.get("grant_type"))) {
            SignIn.Outcome outcome = signIn.exchange(form,
                    p -> sign(p.username(), p.roles(), p.agency(), p.name()), this::idToken);
            send(exchange, outcome.status(), outcome.body());
            return;
        }
        if ("refresh_token".equals(form.get("grant_type"))) {
            SignIn.Outcome outcome = signIn.refresh(form, p -> sign(p.username(), p.roles(), p.agency(), p.name()));
            send(exchange, outcome.status(), outcome.body());
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 400, Map.of("error", "unsupported_grant_type", "error_description",
                    "grant_type must be client_credentials, authorization_code or refresh_token"));
            return;
        }
        Optional<DemoClient> client = DemoClient.find(String.valueOf(form.get("client_id")))
                .filter(c -> c.secret().equals(form.get("client_secret")));
        if (client.isEmpty()) {
            send(exchange, 401,
                    Map.of("error", "invalid_client", "error_description", "unknown client or wrong secret"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", sign(client.get()));
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_SECONDS);
        send(exchange, 200, body);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        String json = new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        sendRaw(exchange, 200, json);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("token_endpoint", baseUrl() + "/oauth2/token");
        body.put("jwks_uri", jwksUrl());
        body.put("authorization_endpoint", baseUrl() + "/oauth2/authorize");
        body.put("end_session_endpoint", baseUrl() + "/oauth2/logout");
        body.put("revocation_endpoint", baseUrl() + "/oauth2/revoke");
        body.put("grant_types_supported", java.util.List.of("client_credentials", "authorization_code",
                "refresh_token"));
        body.put("response_types_supported", java.util.List.of("code"));
        body.put("code_challenge_methods_supported", java.util.List.of("S256"));
        body.put("token_endpoint_auth_methods_supported", java.util.List.of("client_secret_post",
                "client_secret_basic", "none"));
        send(exchange, 200, body);
    }

    /**
     * {@code GET}: the sign-in page for a valid request (PKCE required); {@code POST}: the person's credentials, then
     * back to the console with a one-time code, or the page again saying what was wrong.
     */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = "POST".equals(exchange.getRequestMethod())
                ? parseForm(exchange.getRequestBody())
                : parseQuery(exchange.getRequestURI().getRawQuery());
        String unservable = SignIn.unservable(q);
        if (unservable != null) {
            sendHtml(exchange, 400, "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Yêu cầu không "
                    + "hợp lệ</title><p>Yêu cầu đăng nhập không hợp lệ: " + SignIn.escape(unservable) + "</p></html>");
            return;
        }
        String invalid = SignIn.invalid(q);
        if (invalid != null) {
            redirect(exchange, SignIn.redirect(q.get("redirect_uri"), Map.of("error", "invalid_request",
                    "error_description", invalid, "state", q.getOrDefault("state", ""))));
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendHtml(exchange, 200, SignIn.page(q, null));
            return;
        }
        Optional<DemoPerson> person = DemoPerson.signIn(q.getOrDefault("username", ""), q.getOrDefault("password", ""));
        if (person.isEmpty()) {
            sendHtml(exchange, 401, SignIn.page(q, "Sai tên đăng nhập hoặc mật khẩu."));
            return;
        }
        Map<String, String> back = new LinkedHashMap<>();
        back.put("code", signIn.grant(q, person.get()));
        back.put("state", q.get("state"));
        redirect(exchange, SignIn.redirect(q.get("redirect_uri"), back));
    }

    /** {@code POST token=<refresh token>}: the console's sign-out ends the sign-in (RFC 7009: always 200). */
    private void revoke(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "invalid_request", "error_description", "use POST"));
            return;
        }
        signIn.revoke(parseForm(exchange.getRequestBody()).get("token"));
        send(exchange, 200, Map.of());
    }

    /** Sign-out: the sign-in's refresh token is revoked first ({@code /oauth2/revoke}); back to the console's page. */
    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> q = parseQuery(exchange.getRequestURI().getRawQuery());
        String back = q.get("post_logout_redirect_uri");
        if (back != null && SignIn.allowedRedirect(back)) {
            redirect(exchange, back);
        } else {
            sendHtml(exchange, 200, "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Đã đăng xuất"
                    + "</title><p>Đã đăng xuất.</p></html>");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Optional<Map<String, String>> basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(Map.of("client_id", decoded.substring(0, colon), "client_secret",
                decoded.substring(colon + 1)));
    }

    private static Map<String, String> parseForm(InputStream body) throws IOException {
        return parseQuery(new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        sendRaw(exchange, status, JSON.writeValueAsString(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // the console, a page served from another origin, reads the discovery document and exchanges its code here
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RsaJsonWebKey loadOrCreateKey(Path keyDir) throws IOException {
        try {
            KeyPair pair = keyDir == null ? generate() : loadOrGenerate(keyDir);
            RsaJsonWebKey jwk = (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setPrivateKey(pair.getPrivate());
            jwk.setKeyId(keyId(pair.getPublic()));
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            return jwk;
        } catch (JoseException | NoSuchAlgorithmException | java.security.spec.InvalidKeySpecException e) {
            throw new IOException("cannot prepare the signing key", e);
        }
    }

    private static KeyPair loadOrGenerate(Path keyDir) throws IOException, NoSuchAlgorithmException,
            java.security.spec.InvalidKeySpecException {
        Path priv = keyDir.resolve("signing-key.pk8");
        Path pub = keyDir.resolve("signing-key.x509");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (Files.exists(priv) && Files.exists(pub)) {
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
            return new KeyPair(publicKey, privateKey);
        }
        KeyPair pair = generate();
        Files.createDirectories(keyDir);
        Files.write(priv, pair.getPrivate().getEncoded());
        Files.write(pub, pair.getPublic().getEncoded());
        return pair;
    }

    private static KeyPair generate() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String keyId(PublicKey key) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(((RSAPublicKey) key).getModulus().toByteArray());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
