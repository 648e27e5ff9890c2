package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka doors' contract check: what a consumer dead-letters before it can hurt anything. */
class EventSchemasTest {
    static final String SHIPMENT = """
            {"itemCode":"EB123456785VN","direction":"INBOUND","dossierCode":"000.00.01.H22-261122-0042",
             "state":"IN_TRANSIT","event":{"eventId":"e1","statusCode":"EMB","canonicalState":"IN_TRANSIT",
             "occurredAt":"2026-11-22T02:15:00Z","note":"Bưu cục Hà Nội"}}""";

    @Test
    void aGoodPayloadKeepsItsContract() {
        assertNull(EventSchemas.problem(EventTypes.SHIPMENT_EVENT_RECORDED, SHIPMENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"occurredAt\":\"2026-11-22T02:15:00Z\"|\"occurredAt\":\"0000-12-30T00:00:00Z\"|occurredAt",
            "\"occurredAt\":\"2026-11-22T02:15:00Z\"|\"occurredAt\":\"+1000000000-01-01T00:00:00Z\"|occurredAt",
            "\"occurredAt\":\"2026-11-22T02:15:00Z\"|\"occurredAt\":\"yesterday\"|occurredAt",
            "\"direction\":\"INBOUND\"|\"direction\":\"SIDEWAYS\"|direction",
            "\"itemCode\":\"EB123456785VN\",|\"itemCode\":\"EB123456785VN\",\"itemCode\":\"EB123456785VN\",|Duplicate",
            "\"state\":\"IN_TRANSIT\",|\"state\":42,|state",
            "\"itemCode\":\"EB123456785VN\",|\"x\":1,|itemCode",
            "Bưu cục Hà Nội|Bưu cục\\u0000Hà Nội|U+0000",
            "Bưu cục Hà Nội|Bưu cục\\u001b[31mHà Nội|U+001B"})
    void aPoisonPayloadIsNamed(String edit) {
        String[] parts = edit.split("\\|");
        String poisoned = SHIPMENT.replace(parts[0], parts[1]);
        String problem = EventSchemas.problem(EventTypes.SHIPMENT_EVENT_RECORDED, poisoned);
        assertNotNull(problem, poisoned);
        assertTrue(problem.contains(parts[2]), problem);
    }

    @Test
    void aVnpostEventWithoutSecondsKeepsItsContractAsTheHttpDoorTakesIt() {
        String event = "{\"itemCode\":\"EB123456785VN\",\"statusCode\":\"EMA\",\"occurredAt\":\"%s\"}";
        assertNull(EventSchemas.problemWith(EventSchemas.VNPOST_TRACKING_EVENT, event.formatted(
                "2026-11-22T09:15+07:00")));
        assertNotNull(EventSchemas.problemWith(EventSchemas.VNPOST_TRACKING_EVENT, event.formatted(
                "0001-01-01T00:00:00Z")));
    }

    @Test
    void trailingContentAndNonJsonArePoison() {
        assertNotNull(EventSchemas.problem(EventTypes.SHIPMENT_EVENT_RECORDED, SHIPMENT + " {}"));
        assertNotNull(EventSchemas.problem(EventTypes.SHIPMENT_EVENT_RECORDED, "not json"));
        assertNull(EventSchemas.problem("vn.bcci.unknown.v1", SHIPMENT));
        assertNotNull(EventSchemas.problem("vn.bcci.unknown.v1", "{\"a\":\"\\u0000\"}"));
    }

    @Test
    void textRuleRefusesControlsAndLoneSurrogatesButKeepsLinesAndVietnamese() {
        assertNull(InputRules.textProblem("Nguyễn Văn An\nphòng 2\ttầng 3\r\n"));
        assertNotNull(InputRules.textProblem("a\u0000b"));
        assertNotNull(InputRules.textProblem("a\u007fb"));
        assertNotNull(InputRules.textProblem("a\u0085b"));
        assertNotNull(InputRules.textProblem("a\ud800b"));
        assertNull(InputRules.textProblem("emoji \ud83d\ude00 ok"));
    }

    @Test
    void timeWindowRunsFromTwoThousandToAHorizonAfterNow() {
        Instant now = Instant.parse("2026-11-30T00:00:00Z");
        assertNull(InputRules.timeProblem(now.minusSeconds(3600), now, Duration.ofMinutes(5)));
        assertNotNull(InputRules.timeProblem(Instant.parse("1999-12-31T23:59:59Z"), now, Duration.ofMinutes(5)));
        assertNotNull(InputRules.timeProblem(now.plus(Duration.ofMinutes(6)), now, Duration.ofMinutes(5)));
        assertNull(InputRules.timeProblem(now.plus(Duration.ofDays(365)), now, Duration.ofDays(3650)));
        assertNotNull(InputRules.timeProblem(Instant.parse("9999-12-31T00:00:00Z"), now, Duration.ofDays(365_000)));
    }
}
