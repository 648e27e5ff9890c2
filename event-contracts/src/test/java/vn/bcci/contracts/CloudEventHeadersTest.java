package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void roundTripsEveryAttributeThroughKafkaHeaders() {
        CloudEvent event = new CloudEvent("e-1", EventTypes.DOSSIER_REGISTERED, "/dossier-service",
                "000.00.01.H22-261122-0001", Instant.parse("2026-11-22T02:15:00Z"), "{\"code\":\"x\"}");
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(event, headers);
        assertEquals(event, CloudEventHeaders.read(headers, event.data()));
        assertEquals("1.0", new String(headers.lastHeader("ce_specversion").value()));
    }

    @Test
    void aRecordWithoutCloudEventHeadersIsPoison() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> CloudEventHeaders.read(new RecordHeaders(), "{}"));
        assertEquals("not a CloudEvent: ce_id, ce_type, ce_source and ce_time are required", e.getMessage());
    }
}
