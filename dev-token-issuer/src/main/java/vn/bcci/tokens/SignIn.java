package vn.bcci.tokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The authorization code grant with PKCE (RFC 7636, S256 only) for the operator console, a public client: a sign-in page
 * for the demo people ({@link DemoPerson}), one-time codes bound to the client, the redirect and the challenge, and a
 * sign-out that returns to the console. Redirects go only to the console's own paths on a loopback address: this
 * issuer is for one machine.
 */
final class SignIn {
    /** The console's client id; it has no secret (a page cannot keep one), PKCE proves the code is its own. */
    static final String CONSOLE = "operator-console";
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Grant(String clientId, String redirectUri, String challenge, String nonce, DemoPerson person,
            Instant expires) {
    }

    /** What the token endpoint answers, or the OAuth error. */
    record Outcome(int status, Map<String, Object> body) {
    }

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** Refresh tokens in force: each used once (a new one comes with each renewal) and revoked at sign-out. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** What a refresh token stands for: the person's sign-in, for its client, until it ends. */
    record Session(String clientId, DemoPerson person, Instant ends) {
    }

    /** How long a sign-in lasts, renewed or not: a working day and a margin. */
    static final java.time.Duration SESSION_LIFETIME = java.time.Duration.ofHours(12);

    /** A redirect the console may ask for: http on a loopback address, any port, a path of its own. */
    static boolean allowedRedirect(String uri) {
        if (uri == null || uri.length() > 500) {
            return false;
        }
        try {
            URI u = new URI(uri);
            return "http".equals(u.getScheme()) && u.getRawFragment() == null
                    && ("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))
                    && u.getRawPath() != null && u.getRawPath().startsWith("/");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Why the authorization request cannot be served at all (shown, never redirected), or null. */
    static String unservable(Map<String, String> q) {
        if (!CONSOLE.equals(q.get("client_id"))) {
            return "unknown client_id";
        }
        if (!allowedRedirect(q.get("redirect_uri"))) {
            return "redirect_uri must be http://127.0.0.1 or http://localhost with a path";
        }
        return null;
    }

    /** Why the request is refused, as an OAuth error to send back to the console, or null. */
    static String invalid(Map<String, String> q) {
        if (!"code".equals(q.get("response_type"))) {
            return "response_type must be code";
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() < 43) {
            return "PKCE is required: code_challenge (S256) and code_challenge_method=S256";
        }
        return null;
    }

    /** A one-time code for the person who signed in, where the console asked to be sent back. */
    String grant(Map<String, String> q, DemoPerson person) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.values().removeIf(g -> g.expires().isBefore(Instant.now()));
        codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"),
                person, Instant.now().plus(CODE_LIFETIME)));
        return code;
    }

    static String redirect(String redirectUri, Map<String, String> params) {
        StringBuilder s = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        params.forEach((k, v) -> {
            if (v != null) {
                s.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return s.substring(0, s.length() - 1);
    }

    /**
     * {@code grant_type=authorization_code}: the code once, from the client it was given to, with the same redirect and
     * the verifier of its challenge; tokens signed by {@code sign} (access token, ID token).
     */
    Outcome exchange(Map<String, String> form, Function<DemoPerson, String> accessToken,
            java.util.function.BiFunction<DemoPerson, Grant, String> idToken) {
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (grant == null || grant.expires().isBefore(Instant.now())) {
            return error(400, "invalid_grant", "unknown, used or expired code");
        }
        if (!grant.clientId().equals(form.get("client_id")) || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            return error(400, "invalid_grant", "the code was given to another client or redirect_uri");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !grant.challenge().equals(s256(verifier))) {
            return error(400, "invalid_grant", "code_verifier does not match the code_challenge");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken.apply(grant.person()));
        body.put("id_token", idToken.apply(grant.person(), grant));
        body.put("token_type", "Bearer");
        body.put("expires_in", TokenIssuer.TOKEN_SECONDS);
        body.put("refresh_token", session(new Session(grant.clientId(), grant.person(),
                Instant.now().plus(SESSION_LIFETIME))));
        return new Outcome(200, body);
    }

    /**
     * {@code grant_type=refresh_token}: a new access token for the sign-in the refresh token stands for, and a new
     * refresh token in its place (the old one is spent: one replayed is refused), until the sign-in's end.
     */
    Outcome refresh(Map<String, String> form, Function<DemoPerson, String> accessToken) {
        Session session = sessions.remove(String.valueOf(form.get("refresh_token")));
        if (session == null || session.ends().isBefore(Instant.now())) {
            return error(400, "invalid_grant", "unknown, used, revoked or expired refresh token");
        }
        if (!session.clientId().equals(form.get("client_id"))) {
            return error(400, "invalid_grant", "the refresh token was given to another client");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken.apply(session.person()));
        body.put("token_type", "Bearer");
        body.put("expires_in", TokenIssuer.TOKEN_SECONDS);
        body.put("refresh_token", session(session));
        return new Outcome(200, body);
    }

    /** Sign-out (RFC 7009): the refresh token no longer renews anything; unknown tokens are not an error. */
    void revoke(String refreshToken) {
        if (refreshToken != null) {
            sessions.remove(refreshToken);
        }
    }

    private String session(Session session) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.values().removeIf(x -> x.ends().isBefore(Instant.now()));
        sessions.put(token, session);
        return token;
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome error(int status, String error, String description) {
        return new Outcome(status, Map.of("error", error, "error_description", description));
    }

    /** The sign-in page: Vietnamese, the request's parameters carried in hidden fields, the demo accounts listed. */
    static String page(Map<String, String> q, String problem) throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (String name : new String[]{"response_type", "client_id", "redirect_uri", "code_challenge",
                "code_challenge_method", "state", "nonce", "ui_locales"}) {
            if (q.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(q.get(name))).append("\">");
            }
        }
        StringBuilder people = new StringBuilder();
        for (DemoPerson p : DemoPerson.ALL) {
            people.append("<li><code>").append(escape(p.username())).append("</code> / <code>")
                    .append(escape(p.password())).append("</code>: ").append(escape(p.name())).append("</li>");
        }
        return """
                <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Đăng nhập – BCCI</title>
                <style>body{font:15px/1.5 system-ui,sans-serif;background:#f4f6f8;color:#1d2329;margin:0}
                main{max-width:420px;margin:8vh auto;background:#fff;padding:24px 28px;border-radius:8px;
                box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:20px;margin:0 0 16px}label{display:block;margin:12px 0 4px}
                input[type=text],input[type=password]{width:100%%;box-sizing:border-box;padding:8px;font-size:15px;
                border:1px solid #98a2b3;border-radius:4px}button{margin-top:18px;width:100%%;padding:10px;font-size:15px;
                background:#9b1c1c;color:#fff;border:0;border-radius:4px;cursor:pointer}
                .err{color:#b42318;margin:8px 0}.muted{color:#475467;font-size:13px}</style></head>
                <body><main><h1>Đăng nhập hệ thống BCCI</h1>%s
                <form method="post" action="/oauth2/authorize">%s
                <label for="username">Tên đăng nhập</label><input type="text" id="username" name="username"
                autocomplete="username" required autofocus>
                <label for="password">Mật khẩu</label><input type="password" id="password" name="password"
                autocomplete="current-password" required>
                <button type="submit" id="signin">Đăng nhập</button></form>
                <p class="muted">Máy chủ cấp token dùng khi phát triển. Tài khoản mẫu:</p><ul class="muted">%s</ul>
                </main></body></html>
                """
                .formatted(problem == null ? "" : "<p class=\"err\" role=\"alert\">" + escape(problem) + "</p>",
                        hidden, people);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
