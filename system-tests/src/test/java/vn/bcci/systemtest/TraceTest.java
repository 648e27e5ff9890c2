package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

import vn.bcci.contracts.TrackingNumber;

/**
 * One trace per change across the whole system, from the spans the services export to an OTLP receiver of the test's
 * own ({@link SpanCollector}): the caller's {@code traceparent} names the trace, and its spans must run from the REST
 * call through the outbox's publish, every consumer of the event, to the portal call and its HTTP request, in all
 * three services, each span's parent in the same trace.
 */
@ExtendWith(SystemStack.class)
class TraceTest {
    private static final String H22 = "000.00.01.H22";

    private static String newTraceparent(String[] traceId) {
        HexFormat hex = HexFormat.of();
        byte[] t = new byte[16];
        byte[] s = new byte[8];
        ThreadLocalRandom.current().nextBytes(t);
        ThreadLocalRandom.current().nextBytes(s);
        traceId[0] = hex.formatHex(t);
        return "00-" + traceId[0] + "-" + hex.formatHex(s) + "-01";
    }

    private static void assertOneConnectedTrace(String traceId, List<SpanCollector.Received> spans) {
        Set<String> ids = spans.stream().map(SpanCollector.Received::spanId).collect(Collectors.toSet());
        List<SpanCollector.Received> roots = spans.stream().filter(s -> !ids.contains(s.parentSpanId())).toList();
        assertEquals(1, roots.size(), "every span's parent is in the trace but the first's (the caller's): "
                + roots.stream().map(r -> r.service() + " " + r.name()).toList() + "\n"
                + SystemStack.spans().render(traceId));
    }

    private static boolean has(List<SpanCollector.Received> spans, String service, String namePrefix) {
        return spans.stream().anyMatch(s -> s.service().equals(service) && s.name().startsWith(namePrefix));
    }

    /** The first JSON log record of {@code service} whose message starts with {@code prefix}, or null. */
    private static JsonNode logRecord(String service, String prefix) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        try (var lines = java.nio.file.Files.lines(SystemStack.stack().logOf(service))) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("{") && line.contains(prefix)) {
                    JsonNode record = json.readTree(line);
                    if (record.path("message").asText().startsWith(prefix)) {
                        return record;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void aRegistrationIsOneTraceFromTheAgencysCallToThePortalsAnswer() {
        String[] traceId = new String[1];
        String traceparent = newTraceparent(traceId);
        String code = given().header("Authorization", SystemStack.bearer("agency-h22"))
                .header("traceparent", traceparent).contentType(ContentType.JSON).body("""
                        {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "ONLINE",
                         "returnMethod": "IN_PERSON", "summary": "Đăng ký khai sinh",
                         "applicant": {"type": "CITIZEN", "name": "Hoàng Văn Nam"}}""".formatted(H22))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers")).then().statusCode(201)
                .extract().path("code");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SpanCollector.Received> spans = SystemStack.spans().trace(traceId[0]);
            assertTrue(has(spans, "dossier-service", "POST /api/v1/dossiers"), "the agency's call");
            assertTrue(has(spans, "dossier-service", "publish dossier.events.v1"), "the relay's publish");
            assertTrue(has(spans, "postal-tracking-service", "process dossier.events.v1"), "postal's consumer");
            assertTrue(has(spans, "portal-sync-service", "process dossier.events.v1"), "portal-sync's consumer");
            assertTrue(has(spans, "portal-sync-service", "portal DongBoHoSoMC"), "the portal call");
            assertTrue(spans.stream().anyMatch(s -> s.service().equals("portal-sync-service")
                    && s.kind().equals("SPAN_KIND_CLIENT") && s.name().startsWith("POST")),
                    "its HTTP request\n" + SystemStack.spans().render(traceId[0]));
        });
        List<SpanCollector.Received> spans = SystemStack.spans().trace(traceId[0]);
        assertOneConnectedTrace(traceId[0], spans);
        SpanCollector.Received call = spans.stream().filter(s -> s.name().equals("portal DongBoHoSoMC")).findFirst()
                .orElseThrow();
        assertEquals("0", call.attributes().get("bcci.portal.error_code"), "the portal's answer is on the span");
        // the stack logs JSON (LOG_JSON=true): the registration's log record carries the trace and the span it was in
        JsonNode registered = await().atMost(Duration.ofSeconds(10)).until(() -> logRecord("dossier-service",
                "dossier " + code + " registered"), java.util.Objects::nonNull);
        assertEquals(traceId[0], registered.path("mdc").path("traceId").asText(),
                "the log record's trace: " + registered);
        String spanId = registered.path("mdc").path("spanId").asText();
        assertTrue(spans.stream().anyMatch(s -> s.spanId().equals(spanId)), "its span is one of the trace's: "
                + registered);
        System.out.println("[trace] registration of " + code + ", trace " + traceId[0] + ":\n"
                + SystemStack.spans().render(traceId[0]));
    }

    @Test
    void aVnpostEventIsOneTraceThroughAllThreeServicesToThePortal() {
        String tracking = TrackingNumber.of("EB", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
        String code = given().header("Authorization", SystemStack.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL",
                         "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh", "inboundTrackingNumber": "%s",
                         "applicant": {"type": "CITIZEN", "name": "Hoàng Văn Nam"}}""".formatted(H22, tracking))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers")).then().statusCode(201)
                .extract().path("code");
        // the dossier is on the portal, and postal-tracking expects its item, before its first postal step is sent
        // (else the event waits as an orphan and is applied, and published, in the trace of the item's registration:
        // a CI run saw postal-tracking take the dossier's event a second after portal-sync had)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get(SystemStack.url(SystemStack.ports().portal(), "/_sim/dossiers/" + code)).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .header("Authorization", SystemStack.bearer("vnpost"))
                .get(SystemStack.url(SystemStack.ports().postal(), "/api/v1/shipments/" + tracking)).then()
                .statusCode(200));

        String[] traceId = new String[1];
        String traceparent = newTraceparent(traceId);
        String push = """
                [{"eventId": "%s", "itemCode": "%s", "orderNumber": "%s", "statusCode": "EMA", "occurredAt": "%s",
                  "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(UUID.randomUUID(), tracking, code, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        Instant.now().minusSeconds(60).atOffset(ZoneOffset.ofHours(7)).withNano(0)));
        SystemStack.pushSigned(SystemStack.bearer("vnpost"), push).header("traceparent", traceparent)
                .post(SystemStack.url(SystemStack.ports().postal(), "/api/v1/tracking-events")).then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SpanCollector.Received> spans = SystemStack.spans().trace(traceId[0]);
            assertTrue(has(spans, "postal-tracking-service", "POST /api/v1/tracking-events"), "VNPost's push");
            assertTrue(has(spans, "postal-tracking-service", "publish shipment.events.v1"), "postal's publish");
            assertTrue(has(spans, "dossier-service", "process shipment.events.v1"), "dossier-service's consumer");
            assertTrue(has(spans, "dossier-service", "publish dossier.events.v1"), "the dossier's postal step");
            assertTrue(has(spans, "portal-sync-service", "process dossier.events.v1"), "portal-sync's consumer");
            assertTrue(has(spans, "portal-sync-service", "portal CapNhatTienDoHoSoMC"),
                    "the progress entry's portal call\n" + SystemStack.spans().render(traceId[0]));
        });
        assertOneConnectedTrace(traceId[0], SystemStack.spans().trace(traceId[0]));
        Map<String, Long> byService = SystemStack.spans().trace(traceId[0]).stream()
                .collect(Collectors.groupingBy(SpanCollector.Received::service, Collectors.counting()));
        assertEquals(Set.of("postal-tracking-service", "dossier-service", "portal-sync-service"),
                byService.keySet(), "the three services, nothing else");
        System.out.println("[trace] VNPost event of " + tracking + ", trace " + traceId[0] + ":\n"
                + SystemStack.spans().render(traceId[0]));
    }
}
