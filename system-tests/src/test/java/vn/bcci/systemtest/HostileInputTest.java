package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.infra.Postgres;

/**
 * The hostile-input suite, driven by the three services' own OpenAPI documents: every {@code /api} operation is sent
 * malformed requests of 46 kinds, each sent (wrong types, missing and extra fields, huge strings, deep nesting, NUL and
 * control characters, lone surrogates, invalid UTF-8, duplicate keys, trailing content, far past and future dates,
 * out-of-range numbers, unknown enum values, huge arrays, oversized bodies, URIs and headers, bad path and query
 * parameters). None may be answered 5xx; every 4xx is problem+json; a 400 caused by one field names it; no operation
 * that writes takes a malformed request (it is answered 4xx), and no row is written (counts of every table of the three
 * databases before and after, but the job leases the services renew on their own).
 */
@ExtendWith(SystemStack.class)
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The three databases: every table of each is counted before and after. */
    private static final List<String> DATABASES = List.of("dossier", "postal", "portalsync");
    /**
     * Left out of the before/after count: what the services write on their own schedule whatever the requests (job
     * leases), and VNPost's push receipts: a signed batch whose events are each refused is answered 200 event by event
     * (postal-tracking's per-event outcomes), and its receipt keeps its webhook-id to its body.
     */
    private static final List<String> BACKGROUND = List.of("messaging.job_lease", "public.flyway_schema_history",
            "messaging.flyway_schema_history", "postal.public.push_receipt");
    /** The kinds of malformed input {@link #attack} sends: each must have been sent at least once. */
    private static final int KINDS = 46;

    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    private int requests;
    private String dossier;
    private String item;
    private String webhook;

    @Test
    void noMalformedRequestIsA5xxOrWritesAnything() throws Exception {
        RestAssured.config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 5_000));
        fixtures();
        // what the fixtures set going settles first (their events consumed, outcomes on the timeline, the report's
        // facts folded): then no row may change while the malformed requests come
        Map<String, Long> settled = new TreeMap<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofSeconds(3)).until(() -> {
                    Map<String, Long> now = counts();
                    boolean same = now.equals(settled);
                    settled.clear();
                    settled.putAll(now);
                    return same;
                });
        Map<String, Long> before = counts();
        for (int port : List.of(SystemStack.ports().dossier(), SystemStack.ports().postal(),
                SystemStack.ports().portalSync())) {
            JsonNode doc = JSON.readTree(given().get(url(port, "/q/openapi?format=json")).then().statusCode(200)
                    .extract().asString());
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                        attack(port, doc, path.getKey(), op.getKey().toUpperCase(), op.getValue());
                    }
                }
            }
        }
        Map<String, Long> after = counts();
        long fiveHundreds = byStatus.entrySet().stream().filter(e -> e.getKey().startsWith("5"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(
                "[hostile] %d requests of %d kinds; answers by status %s; 5xx: %d; rows before %s, after %s%n",
                requests, kinds.size(), byStatus, fiveHundreds, before, after);
        failures.forEach(f -> System.out.println("[hostile] FAILED " + f));
        assertEquals(KINDS, kinds.size(), "kinds of malformed input sent: " + kinds.keySet());
        assertEquals(List.of(), failures.stream().limit(40).toList(), failures.size() + " failures");
        assertEquals(before, after, "rows written by malformed requests");
    }

    /** One dossier, one shipment, one subscription to aim the path parameters at. */
    private void fixtures() {
        dossier = "000.00.01.H22-261130-" + (100_000 + (int) (Math.random() * 800_000));
        given().header("Authorization", SystemStack.bearer("agency-h22")).contentType("application/json").body("""
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "ONLINE",
                 "returnMethod": "IN_PERSON", "applicant": {"type": "CITIZEN", "name": "Phạm Thị Dung"}}"""
                .formatted(dossier)).post(url(SystemStack.ports().dossier(), "/api/v1/dossiers")).then()
                .statusCode(201);
        item = TrackingNumber.of("EH", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
        given().header("Authorization", SystemStack.bearer("vnpost")).contentType("application/json").body("""
                {"itemCode": "%s", "direction": "INBOUND", "agencyCode": "000.00.01.H22"}""".formatted(item))
                .post(url(SystemStack.ports().postal(), "/api/v1/shipments")).then().statusCode(201);
        webhook = String.valueOf(given().header("Authorization", SystemStack.bearer("operator"))
                .contentType("application/json").body("{\"url\": \"https://receiver.example.vn/hook\"}")
                .post(url(SystemStack.ports().portalSync(), "/api/v1/webhooks")).then().statusCode(201).extract()
                .path("subscription.id").toString());
    }

    private void attack(int port, JsonNode doc, String path, String method, JsonNode op) throws Exception {
        String caller = caller(port, path, method);
        boolean writes = !method.equals("GET");
        Map<String, String> pathValues = new LinkedHashMap<>();
        List<JsonNode> query = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            if ("path".equals(p.path("in").asText())) {
                pathValues.put(p.path("name").asText(), pathValue(path, p.path("name").asText()));
            } else if ("query".equals(p.path("in").asText())) {
                query.add(p);
            }
        }
        JsonNode schema = resolve(doc, op.path("requestBody").path("content").path("application/json")
                .path("schema"));
        String where = method + " " + path;
        // the path: every parameter malformed in turn
        for (String name : pathValues.keySet()) {
            for (Map.Entry<String, String> bad : Map.of("path-nul", "x%00y", "path-huge", "x".repeat(5000),
                    "path-traversal", "..%2F..%2Fetc%2Fpasswd", "path-control", "%1B%5B2J%0D%0Afake",
                    "path-invalid-utf8", "%C0%AE%C0%AE%FF", "path-unicode", "%F0%9F%92%A9%E2%80%AE").entrySet()) {
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, bad.getValue());
                send(bad.getKey(), where, port, method, fill(path, values), caller,
                        schema.isMissingNode() ? null : base(doc, schema, path).toString().getBytes(UTF8), writes,
                        null);
            }
        }
        String target = fill(path, pathValues);
        // the query: every declared parameter malformed in turn
        for (JsonNode p : query) {
            String name = p.path("name").asText();
            JsonNode type = resolve(doc, p.path("schema"));
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("query-nul", "a%00b");
            bad.put("query-huge", "q".repeat(6000));
            bad.put("query-control", "%1B%5B31m%0A");
            bad.put("query-surrogate", "%ED%A0%80");
            // a value of no parameter's kind: not a number, date, code, cursor or state (every declared parameter is
            // a string in the documents, read and checked by the service)
            bad.put("query-wrong-type", "not-a-" + type.path("type").asText("value"));
            bad.put("query-number-out-of-range", "99999999999999999999999");
            bad.put("query-far-date", "0001-01-01T00:00:00Z");
            for (Map.Entry<String, String> b : bad.entrySet()) {
                send(b.getKey(), where + " ?" + name, port, method, target + "?" + name + "=" + b.getValue(),
                        caller, schema.isMissingNode() ? null : base(doc, schema, path).toString().getBytes(UTF8),
                        writes, b.getKey().equals("query-wrong-type") || b.getKey().equals("query-nul")
                                || b.getKey().equals("query-control") ? name : null);
            }
        }
        send("uri-too-long", where, port, method, target + "?pad=" + "u".repeat(9000), caller, null, writes, null);
        sendHeader("header-too-large", where, port, method, target, caller);
        if (schema.isMissingNode()) {
            return;
        }
        // the body, whole
        JsonNode base = base(doc, schema, path);
        String text = base.toString();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        if (op.path("requestBody").path("required").asBoolean(false)) { // else no body is a request of its own
            bodies.put("body-empty", new byte[0]);
            bodies.put("body-null", "null".getBytes(UTF8));
        }
        bodies.put("body-not-json", "{oops".getBytes(UTF8));
        bodies.put("body-trailing-content", (text + " {\"more\": 1}").getBytes(UTF8));
        bodies.put("body-deep-nesting", ("[".repeat(5000) + "]".repeat(5000)).getBytes(UTF8));
        bodies.put("body-wrong-shape", (base.isArray() ? base.get(0).toString() : "[" + text + "]").getBytes(UTF8));
        bodies.put("body-invalid-utf8", concat(text.substring(0, text.length() - 1).getBytes(UTF8),
                new byte[]{',', '"', 'z', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}));
        bodies.put("body-huge-array", ("[" + String.join(",", java.util.Collections.nCopies(20_000,
                base.isArray() ? base.get(0).toString() : text)) + "]").getBytes(UTF8));
        bodies.put("body-too-large", ("{\"x\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}").getBytes(UTF8));
        ObjectNode object = (ObjectNode) (base.isArray() ? base.get(0) : base);
        if (object.size() > 0) {
            String first = object.fieldNames().next();
            String dup = object.toString().replaceFirst("\\{", "{\"" + first + "\": " + object.get(first) + ", ");
            bodies.put("body-duplicate-key", wrap(base, dup).getBytes(UTF8));
        }
        if (!path.endsWith("/tracking-events")) { // VNPost's events ignore unknown fields, deliberately
            bodies.put("body-extra-field", wrap(base, object.deepCopy().put("zzUnexpected", "?").toString())
                    .getBytes(UTF8));
        }
        if (resolveItem(doc, schema).has("required")) {
            bodies.put("body-missing-fields", wrap(base, "{}").getBytes(UTF8));
        }
        for (Map.Entry<String, byte[]> b : bodies.entrySet()) {
            send(b.getKey(), where, port, method, target, caller, b.getValue(), writes,
                    b.getKey().equals("body-extra-field") ? "zzUnexpected" : null);
        }
        sendContentType(where, port, method, target, caller, text, writes);
        // the body, one field at a time
        JsonNode props = resolveItem(doc, schema);
        for (Iterator<Map.Entry<String, JsonNode>> fields = props.path("properties").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode fieldSchema = resolve(doc, field.getValue());
            boolean required = false;
            for (JsonNode r : props.path("required")) {
                required |= r.asText().equals(field.getKey());
            }
            for (Map.Entry<String, JsonNode> bad : badValues(fieldSchema, required).entrySet()) {
                ObjectNode mutated = object.deepCopy();
                mutated.set(field.getKey(), bad.getValue());
                send(bad.getKey(), where + " ." + field.getKey(), port, method, target, caller,
                        wrap(base, mutated.toString()).replace(LONE_SURROGATE, "a\\ud800b").getBytes(UTF8), writes,
                        field.getKey());
            }
        }
    }

    /** Values that break a field of this schema, by kind. */
    private static Map<String, JsonNode> badValues(JsonNode s, boolean required) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        String type = s.path("type").asText(s.has("enum") ? "string" : s.has("properties") ? "object" : "");
        ObjectNode nested = NODES.objectNode();
        nested.putObject("a").put("b", 1);
        if (required) {
            bad.put("field-null", NODES.nullNode());
        }
        switch (type) {
            case "string" -> {
                bad.put("field-wrong-type", NODES.numberNode(12345));
                bad.put("field-object-for-scalar", nested);
                bad.put("field-huge-string", NODES.textNode("x".repeat(100_000)));
                bad.put("field-nul", NODES.textNode("a\u0000b"));
                bad.put("field-control-characters", NODES.textNode("a\u001b[2J\r\nFAKE LOG LINE"));
                bad.put("field-lone-surrogate", NODES.textNode(LONE_SURROGATE));
                if ("date-time".equals(s.path("format").asText())) {
                    bad.put("field-far-past-date", NODES.textNode("0001-01-01T00:00:00Z"));
                    bad.put("field-far-future-date", NODES.textNode("9999-12-31T23:59:59Z"));
                    bad.put("field-year-out-of-range", NODES.textNode("+1000000000-01-01T00:00:00Z"));
                    bad.put("field-not-a-date", NODES.textNode("yesterday"));
                }
                if (s.has("enum")) {
                    bad.put("field-unknown-enum", NODES.textNode("SIDEWAYS"));
                }
                if (s.has("enum") || s.has("pattern") || s.path("minLength").asInt(0) > 0) {
                    bad.put("field-empty-string", NODES.textNode(""));
                }
            }
            case "integer", "number" -> {
                bad.put("field-wrong-type", NODES.textNode("twelve"));
                bad.put("field-number-out-of-range", NODES.numberNode(new java.math.BigInteger("9".repeat(40))));
                bad.put("field-number-overflow", NODES.numberNode(new java.math.BigDecimal("1e309")));
                if (s.has("minimum") && s.path("minimum").asDouble() >= 0) {
                    bad.put("field-negative", NODES.numberNode(-1));
                }
                if (s.has("maximum")) {
                    bad.put("field-above-maximum", NODES.numberNode(s.path("maximum").asDouble() + 1));
                }
            }
            case "object" -> {
                bad.put("field-wrong-type", NODES.textNode("not an object"));
                bad.put("field-array-for-object", NODES.arrayNode().add(1));
            }
            case "array" -> bad.put("field-wrong-type", NODES.textNode("not an array"));
            case "boolean" -> bad.put("field-wrong-type", NODES.textNode("perhaps"));
            default -> bad.put("field-wrong-type", nested);
        }
        return bad;
    }

    private void send(String kind, String where, int port, String method, String target, String caller,
            byte[] body, boolean writes, String field) {
        RequestSpecification request = given().urlEncodingEnabled(false).header("Authorization", caller);
        if (body != null) {
            request = request.contentType("application/json").body(body);
            if (target.endsWith("/tracking-events")) {
                request = request.headers(SystemStack.signed(new String(body, UTF8)));
            }
        }
        Response r;
        try {
            r = request.request(method, url(port, target));
        } catch (Exception e) { // a read timeout too, which RestAssured throws unchecked though it is checked
            requests++;
            failures.add("no answer to " + kind + " on " + where + ": " + e);
            return;
        }
        judge(kind, where, r, writes, field);
    }

    private void sendHeader(String kind, String where, int port, String method, String target, String caller) {
        judge(kind, where, given().urlEncodingEnabled(false).header("Authorization", caller)
                .header("X-Padding", "h".repeat(20_000)).request(method, url(port, target)), true, null);
    }

    private void sendContentType(String where, int port, String method, String target, String caller, String text,
            boolean writes) {
        judge("body-wrong-content-type", where, given().urlEncodingEnabled(false).header("Authorization", caller)
                .contentType("text/plain").body(text).request(method, url(port, target)), writes, null);
    }

    private void judge(String kind, String where, Response r, boolean mustRefuse, String field) {
        requests++;
        kinds.merge(kind, 1, Integer::sum);
        int status = r.statusCode();
        byStatus.merge(status / 100 + "xx", 1, Integer::sum);
        String what = kind + " on " + where + ": " + status + " " + abbreviate(r.asString());
        if (status >= 500) {
            failures.add(what);
        } else if (status >= 400 && status != 401 && status != 405
                && !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            failures.add("not problem+json: " + what);
        } else if (mustRefuse && status < 400 && (!where.contains("/tracking-events")
                || r.jsonPath().getInt("accepted") > 0)) { // a push answers each event: rejected is refused
            failures.add("taken: " + what);
        } else if (status == 400 && field != null && !r.asString().contains(field)) {
            failures.add("400 not naming " + field + ": " + what);
        }
    }

    private String caller(int port, String path, String method) {
        if (port == SystemStack.ports().postal()) {
            return SystemStack.bearer("vnpost");
        }
        if (port == SystemStack.ports().dossier() && (method.equals("POST") || path.contains("{code}"))) {
            return SystemStack.bearer("agency-h22");
        }
        return SystemStack.bearer("operator");
    }

    private String pathValue(String path, String name) {
        return switch (name) {
            case "itemCode" -> item;
            case "id" -> path.contains("webhooks") ? webhook : "1";
            case "kind" -> "overdue"; // an alert kind: the query's checks are reached, not the path's refusal
            default -> path.contains("procedures") ? "1.001612" : dossier;
        };
    }

    /** A well-formed body for the operation (each mutation then breaks one thing of it). */
    private JsonNode base(JsonNode doc, JsonNode schema, String path) throws Exception {
        String fresh = TrackingNumber.of("EK", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
        if (path.endsWith("/tracking-events")) {
            return JSON.readTree("[{\"eventId\":\"h-1\",\"itemCode\":\"" + item + "\",\"statusCode\":\"EMA\","
                    + "\"occurredAt\":\"2026-11-22T09:15:00+07:00\",\"postOffice\":{\"code\":\"100000\","
                    + "\"name\":\"Bưu cục\"}}]");
        }
        if (path.endsWith("/transitions")) {
            return JSON.readTree("{\"to\":\"ACCEPTED\",\"handler\":{\"name\":\"Cán bộ một cửa\"},\"note\":\"ok\"}");
        }
        if (path.endsWith("/dossiers")) {
            return JSON.readTree("""
                    {"code":"000.00.01.H22-261130-000001","procedureCode":"1.001612","agencyCode":"000.00.01.H22",
                     "channel":"ONLINE","returnMethod":"IN_PERSON","summary":"Khai sinh",
                     "submittedAt":"2026-11-30T01:00:00Z","applicant":{"type":"CITIZEN","name":"Ngô Văn Em",
                     "idNumber":"001203004567","phone":"0912345789","email":"em@example.vn"}}""");
        }
        if (path.endsWith("/shipments")) {
            return JSON.readTree("{\"itemCode\":\"" + fresh + "\",\"direction\":\"INBOUND\","
                    + "\"agencyCode\":\"000.00.01.H22\",\"codAmount\":0,\"fees\":0,"
                    + "\"sender\":{\"name\":\"Ngô Văn Em\",\"phone\":\"0912345789\"}}");
        }
        if (path.endsWith("/webhooks")) {
            return JSON.readTree("{\"url\":\"https://receiver.example.vn/other\",\"description\":\"test\","
                    + "\"fromSequence\":0}");
        }
        if (path.endsWith("/reconciliations")) {
            return JSON.readTree("{\"mode\":\"SAMPLE\",\"share\":0.5}");
        }
        if (path.endsWith("/recover")) {
            return JSON.readTree("{\"fromSequence\":0}");
        }
        return NODES.objectNode();
    }

    private static String wrap(JsonNode base, String object) {
        return base.isArray() ? "[" + object + "]" : object;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (schema.has("$ref")) {
            String[] ref = schema.path("$ref").asText().replaceFirst("^#/", "").split("/");
            JsonNode target = doc;
            for (String part : ref) {
                target = target.path(part);
            }
            return resolve(doc, target);
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(doc, schema.path("allOf").get(0));
        }
        return schema;
    }

    private static JsonNode resolveItem(JsonNode doc, JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        return "array".equals(s.path("type").asText()) ? resolve(doc, s.path("items")) : s;
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String db : DATABASES) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                    + SystemStack.ports().postgres() + "/" + db, Postgres.USER, Postgres.PASSWORD);
                    Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name FROM "
                        + "information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', "
                        + "'messaging') ORDER BY 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    if (BACKGROUND.contains(table) || BACKGROUND.contains(db + "." + table)) {
                        continue;
                    }
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        counts.put(db + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private static String fill(String path, Map<String, String> values) {
        String filled = path;
        for (Map.Entry<String, String> v : values.entrySet()) {
            filled = filled.replace("{" + v.getKey() + "}", v.getValue());
        }
        return filled;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private static String url(int port, String path) {
        return SystemStack.url(port, path);
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
    /** Stands in the tree for a lone surrogate, sent as a JSON escape (UTF-8 cannot carry one). */
    private static final String LONE_SURROGATE = "LONE-SURROGATE-HERE";
}
