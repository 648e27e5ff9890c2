package vn.bcci.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event as this system sends it: binary mode on Kafka ({@code ce_*} headers, JSON data).
 *
 * @param id unique per event; consumers deduplicate on it
 * @param type a versioned type from {@link EventTypes}
 * @param source the producing service, e.g. {@code /dossier-service}
 * @param subject the dossier code where there is one, else the natural key (tracking number, procedure code)
 * @param time when it happened in the world, not when it was sent
 * @param data the JSON payload
 */
public record CloudEvent(String id, String type, String source, String subject, Instant time, String data) {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The payload read as the given record type. */
    public <T> T dataAs(Class<T> type) {
        return EventJson.read(data, type);
    }
}
