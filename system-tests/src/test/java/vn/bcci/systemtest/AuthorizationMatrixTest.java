package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.TrackingNumber;

/**
 * Every {@code /api} operation of the three OpenAPI documents × every caller: no token, the owning agency (H22), a
 * foreign agency (G12), VNPost, an operator, an admin. Each operation is aimed at H22's dossier, shipment and webhook
 * subscription. Without a token: 401. A role the operation does not admit: 403. The foreign agency is answered as if
 * H22's things did not exist (404), refused when it names H22 (403), and its lists hold none of them. No answer to
 * anybody but the owner, VNPost (for shipments) or an operator/admin ever carries H22's codes.
 */
@ExtendWith(SystemStack.class)
class AuthorizationMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String H22 = "000.00.01.H22";
    private static final List<String> CALLERS = List.of("none", "agency-h22", "agency-g12", "vnpost", "operator",
            "admin");
    /**
     * An admitted caller's answer is 2xx, but for these operations, whose one fixture the first admitted caller used
     * up or which the test cannot give a target: the answer each gives once past authorisation.
     */
    private static final Map<String, Integer> PAST_AUTHORISATION = Map.of(
            // the withdrawal goes through once (agency-h22's call); the next admitted caller finds it done
            "POST /api/v1/dossiers/{code}/transitions", 409,
            // no event is ever dead in this stack: the retry of event 1 is looked for, and not found
            "POST /api/v1/outbox/dead/{id}/retry", 404);
    /** Which callers each operation admits (the services' @RolesAllowed, written down here to be held to). */
    private static final Map<String, Set<String>> ADMITS = new LinkedHashMap<>();
    static {
        Set<String> agencyOperator = Set.of("agency-h22", "agency-g12", "operator", "admin");
        Set<String> agencyWrites = Set.of("agency-h22", "agency-g12", "admin");
        Set<String> operators = Set.of("operator", "admin");
        Set<String> postalWrites = Set.of("vnpost", "admin");
        Set<String> everyone = Set.of("agency-h22", "agency-g12", "vnpost", "operator", "admin");
        ADMITS.put("POST /api/v1/dossiers", agencyWrites);
        ADMITS.put("GET /api/v1/dossiers", agencyOperator);
        ADMITS.put("GET /api/v1/dossiers/{code}", agencyOperator);
        ADMITS.put("POST /api/v1/dossiers/{code}/transitions", agencyWrites);
        ADMITS.put("GET /api/v1/dossiers/{code}/timeline", agencyOperator);
        ADMITS.put("GET /api/v1/procedures", everyone);
        ADMITS.put("GET /api/v1/procedures/{code}", everyone);
        ADMITS.put("POST /api/v1/shipments", postalWrites);
        ADMITS.put("GET /api/v1/shipments", everyone);
        ADMITS.put("GET /api/v1/shipments/{itemCode}", everyone);
        ADMITS.put("POST /api/v1/tracking-events", postalWrites);
        ADMITS.put("GET /api/v1/feed", agencyOperator);
        ADMITS.put("GET /api/v1/feed/stream", agencyOperator);
        ADMITS.put("GET /api/v1/reports/bcci", agencyOperator);
        ADMITS.put("GET /api/v1/index", agencyOperator);
        ADMITS.put("GET /api/v1/sync/summary", operators);
        ADMITS.put("GET /api/v1/sync/{code}", agencyOperator);
        ADMITS.put("GET /api/v1/sync", operators);
        ADMITS.put("POST /api/v1/sync/{code}/retry", operators);
        ADMITS.put("POST /api/v1/reconciliations", operators);
        ADMITS.put("GET /api/v1/reconciliations", operators);
        ADMITS.put("GET /api/v1/reconciliations/{id}", operators);
        ADMITS.put("POST /api/v1/webhooks", agencyOperator);
        ADMITS.put("GET /api/v1/webhooks", agencyOperator);
        ADMITS.put("GET /api/v1/webhooks/{id}", agencyOperator);
        ADMITS.put("POST /api/v1/webhooks/{id}/recover", agencyOperator);
        ADMITS.put("DELETE /api/v1/webhooks/{id}", agencyOperator);
        ADMITS.put("GET /api/v1/alerts", agencyOperator);
        ADMITS.put("GET /api/v1/audit", operators);
        ADMITS.put("GET /api/v1/alerts/{kind}", agencyOperator);
        ADMITS.put("GET /api/v1/sync/answers", agencyOperator);
        ADMITS.put("GET /api/v1/timeline/{codeOrTracking}", agencyOperator);
        ADMITS.put("GET /api/v1/outbox/dead", operators); // every service's
        ADMITS.put("POST /api/v1/outbox/dead/{id}/retry", operators);
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private String dossier;
    private String item;
    private String hookUrl;
    private int calls;

    @Test
    void everyOperationTimesEveryCallerHoldsTheAgencyRule() throws Exception {
        for (String caller : CALLERS) {
            tokens.put(caller, caller.equals("none") ? null : SystemStack.bearer(caller));
        }
        dossier = H22 + "-261130-" + (100_000 + (int) (Math.random() * 800_000));
        item = TrackingNumber.of("EM", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
        call("agency-h22", "POST", SystemStack.ports().dossier(), "/api/v1/dossiers", """
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "inboundTrackingNumber": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Đỗ Thị Hoa", "idNumber": "001203009988"}}"""
                .formatted(dossier, H22, item));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> call("agency-h22", "GET",
                SystemStack.ports().portalSync(), "/api/v1/sync/" + dossier, null).statusCode() == 200
                && call("vnpost", "GET", SystemStack.ports().postal(), "/api/v1/shipments/" + item, null)
                        .statusCode() == 200);

        Set<String> seen = new TreeSet<>();
        for (int port : List.of(SystemStack.ports().dossier(), SystemStack.ports().postal(),
                SystemStack.ports().portalSync())) {
            JsonNode doc = JSON.readTree(given().get(SystemStack.url(port, "/q/openapi?format=json")).asString());
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                    String method = methods.next().toUpperCase();
                    if (!List.of("GET", "POST", "DELETE", "PUT", "PATCH").contains(method)) {
                        continue;
                    }
                    String op = method + " " + path.getKey();
                    seen.add(op);
                    Set<String> admits = ADMITS.get(op);
                    if (admits == null) {
                        failures.add(op + " is not in the matrix: add what it admits");
                        continue;
                    }
                    for (String caller : CALLERS) {
                        judge(op, caller, admits, port, method, path.getKey());
                    }
                }
            }
        }
        System.out.printf("[authz] %d operations × %d callers: %d calls, %d failures%n", seen.size(), CALLERS.size(),
                calls, failures.size());
        failures.forEach(f -> System.out.println("[authz] FAILED " + f));
        assertEquals(ADMITS.keySet(), seen, "operations in the matrix vs in the OpenAPI documents");
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.stream().findFirst());
    }

    private void judge(String op, String caller, Set<String> admits, int port, String method, String template)
            throws Exception {
        boolean foreign = caller.equals("agency-g12");
        String hook = template.contains("{id}") && template.contains("webhooks") ? newHook() : null;
        String path = template.replace("{code}", template.contains("procedures") ? "1.001612" : dossier)
                .replace("{itemCode}", item).replace("{id}", hook != null ? hook : "1").replace("{kind}", "overdue")
                .replace("{codeOrTracking}", item);
        List<String> targets = new ArrayList<>(List.of(path));
        if (method.equals("GET") && !template.contains("{") && !template.contains("procedures")
                && !template.endsWith("/summary") && !template.endsWith("/reconciliations")
                && !template.endsWith("/audit")) {
            // asking for H22 by name: its agency code, or its province where a unit is what the operation names
            targets.add(path + (template.equals("/api/v1/index") ? "?unit=H22" : "?agency=" + H22));
        }
        for (String target : targets) {
            Answer a = call(caller, method, port, target, body(op));
            String what = op + " as " + caller + " (" + target + "): " + a.statusCode() + " " + a.abbreviated();
            if (caller.equals("none")) {
                expect(a.statusCode() == 401, what, "401");
            } else if (!admits.contains(caller)) {
                expect(a.statusCode() == 403, what, "403");
            } else if (foreign && (op.equals("POST /api/v1/dossiers") || op.equals("POST /api/v1/webhooks"))) {
                expect(a.statusCode() == 403, what, "403 for acting for H22");
            } else if (foreign && !template.contains("procedures") && !template.contains("{kind}")
                    && (template.contains("{") || target.contains("agency=") || target.contains("unit="))) {
                expect(a.statusCode() == 404 || a.statusCode() == 403, what, "404 or 403 for H22's things");
            } else {
                Integer past = PAST_AUTHORISATION.get(op);
                expect(a.statusCode() >= 200 && a.statusCode() < 300 || past != null && a.statusCode() == past, what,
                        "admitted (2xx" + (past != null ? " or " + past : "") + ")");
            }
            boolean mayKnowH22 = List.of("agency-h22", "vnpost", "operator", "admin").contains(caller);
            boolean named = target.contains(dossier) || target.contains(item); // an echo of its own question
            if (!mayKnowH22 && !named && (a.body().contains(dossier) || a.body().contains(item))) {
                failures.add("leak: " + what);
            }
        }
    }

    private void expect(boolean held, String what, String expected) {
        if (!held) {
            failures.add("expected " + expected + ": " + what);
        }
    }

    /** A subscription of H22's, one per call, so that a call that deletes or recovers one spoils no other. */
    private String newHook() throws Exception {
        hookUrl = "https://h22.example.vn/hook/" + UUID.randomUUID();
        Answer a = call("agency-h22", "POST", SystemStack.ports().portalSync(), "/api/v1/webhooks",
                "{\"url\": \"" + hookUrl + "\"}");
        return JSON.readTree(a.body()).path("subscription").path("id").asText();
    }

    private String body(String op) {
        return switch (op) {
            case "POST /api/v1/dossiers" -> """
                    {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "ONLINE", "returnMethod": "IN_PERSON",
                     "applicant": {"type": "CITIZEN", "name": "Vũ Văn Khải"}}""".formatted(H22);
            case "POST /api/v1/dossiers/{code}/transitions" ->
                "{\"to\": \"WITHDRAWN\", \"handler\": {\"name\": \"Cán bộ\"}}";
            case "POST /api/v1/shipments" -> "{\"itemCode\": \"" + TrackingNumber.of("EN",
                    Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000)
                    + "\", \"direction\": \"INBOUND\", \"agencyCode\": \"" + H22 + "\"}";
            case "POST /api/v1/tracking-events" ->
                "[{\"eventId\": \"authz-" + UUID.randomUUID() + "\", \"itemCode\": \""
                        + item + "\", \"statusCode\": \"EMB\", \"occurredAt\": \"2026-11-22T09:15:00+07:00\"}]";
            case "POST /api/v1/reconciliations" -> "{\"mode\": \"SAMPLE\", \"share\": 0.01, \"agency\": \"" + H22
                    + "\"}";
            case "POST /api/v1/webhooks" -> "{\"url\": \"https://h22.example.vn/other\", \"agency\": \"" + H22
                    + "\"}";
            case "POST /api/v1/webhooks/{id}/recover" -> "{}";
            default -> null;
        };
    }

    private record Answer(int statusCode, String body) {
        String abbreviated() {
            String one = body.replaceAll("\\s+", " ");
            return one.length() > 160 ? one.substring(0, 160) + "…" : one;
        }
    }

    private Answer call(String caller, String method, int port, String path, String body) throws Exception {
        calls++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SystemStack.url(port, path)))
                .timeout(Duration.ofSeconds(20));
        if (tokens.get(caller) != null) {
            request.header("Authorization", tokens.get(caller));
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            if (path.endsWith("/tracking-events")) {
                SystemStack.signed(body).forEach(request::header);
            }
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            // a stream (SSE) is read for a moment, whatever it holds then is judged
            boolean stream = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
            byte[] read = stream ? readFor(in, Duration.ofSeconds(2)) : in.readAllBytes();
            return new Answer(r.statusCode(), new String(read, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readFor(InputStream in, Duration howLong) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (java.io.IOException closed) {
                // the stream was closed after the look
            }
        });
        reader.setDaemon(true);
        reader.start();
        reader.join(howLong.toMillis());
        synchronized (out) {
            return out.toByteArray();
        }
    }
}
