package vn.bcci.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** CloudEvents Kafka protocol binding, binary content mode: attributes as {@code ce_*} headers. */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** CloudEvents distributed-tracing extension: the W3C trace context of the event's publication. */
    public static final String TRACEPARENT = "ce_traceparent";
    public static final String TRACESTATE = "ce_tracestate";

    private CloudEventHeaders() {
    }

    /** Writes the event's attributes into record headers. */
    public static void write(CloudEvent event, Headers headers) {
        put(headers, SPEC_VERSION, CloudEvent.SPEC_VERSION);
        put(headers, ID, event.id());
        put(headers, TYPE, event.type());
        put(headers, SOURCE, event.source());
        if (event.subject() != null) {
            put(headers, SUBJECT, event.subject());
        }
        put(headers, TIME, event.time().toString());
        put(headers, CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
    }

    /**
     * Reads a CloudEvent from a record's headers and value.
     *
     * @throws InvalidEventException when a required attribute is missing or malformed: the record is poison
     */
    public static CloudEvent read(Headers headers, String value) {
        String id = get(headers, ID);
        String type = get(headers, TYPE);
        String source = get(headers, SOURCE);
        String time = get(headers, TIME);
        if (id == null || type == null || source == null || time == null) {
            throw new InvalidEventException("not a CloudEvent: ce_id, ce_type, ce_source and ce_time are required");
        }
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("CloudEvent " + id + " has no data");
        }
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("CloudEvent " + id + " has a malformed ce_time: " + time);
        }
        if (at.isBefore(InputRules.EARLIEST) || at.isAfter(InputRules.LATEST)) {
            throw new InvalidEventException("CloudEvent " + id + " has a ce_time outside " + InputRules.EARLIEST
                    + " to " + InputRules.LATEST + ": " + time);
        }
        for (String attribute : new String[]{id, type, source, get(headers, SUBJECT)}) {
            String problem = InputRules.textProblem(attribute);
            if (problem != null || (attribute != null && attribute.length() > 500)) {
                throw new InvalidEventException("CloudEvent attributes " + (problem != null
                        ? problem
                        : "must be at most 500 characters"));
            }
        }
        return new CloudEvent(id, type, source, get(headers, SUBJECT), at, value);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value as text, the last one when repeated; {@code null} when absent. */
    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
