package vn.bcci.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Kafka doors' check: an event's payload against the published JSON Schema of its type (the files under
 * {@code contracts/schemas}), plus the text rule of {@link InputRules} on every string in it. A payload that fails is
 * poison: the consumer dead-letters it with these words and goes on, before any of it reaches a database or a
 * parser that could fail later.
 */
public final class EventSchemas {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Map<String, String> SCHEMA_OF_TYPE = Map.of(
            EventTypes.DOSSIER_REGISTERED, "dossier-event-data",
            EventTypes.DOSSIER_STATUS_CHANGED, "dossier-event-data",
            EventTypes.DOSSIER_DUE_DATE_CHANGED, "dossier-event-data",
            EventTypes.DOSSIER_POSTAL_NOTED, "dossier-event-data",
            EventTypes.SHIPMENT_REGISTERED, "shipment-event-data",
            EventTypes.SHIPMENT_EVENT_RECORDED, "shipment-event-data",
            EventTypes.SHIPMENT_FLAGGED, "shipment-event-data",
            EventTypes.PROCEDURE_PUBLISHED, "procedure-data",
            EventTypes.PORTAL_SYNC_OUTCOME, "portal-sync-outcome-data",
            EventTypes.CLIENT_LIMITED, "client-limited-data");
    /** The schema of a VNPost tracking event (no CloudEvent type: VNPost sends raw JSON). */
    public static final String VNPOST_TRACKING_EVENT = "vnpost-tracking-event";
    private static final int MAX_PROBLEMS = 3;
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /**
     * Why the payload of an event of {@code type} breaks its contract, or {@code null} when it keeps it. A type this
     * module publishes no schema for is held to the rules every payload keeps: one JSON value, keys once, text
     * without control characters.
     */
    public static String problem(String type, String json) {
        return problemWith(SCHEMA_OF_TYPE.get(type), json);
    }

    /**
     * Why {@code json} breaks the schema {@code contracts/schemas/<schema>.schema.json} (or, with {@code null}, the
     * rules every payload keeps), or {@code null}.
     */
    public static String problemWith(String schema, String json) {
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (IOException e) {
            return "not JSON: " + firstLine(e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return "no JSON value";
        }
        List<String> problems = new ArrayList<>();
        textProblems(node, "$", problems);
        if (problems.isEmpty() && schema != null) {
            schema(schema).validate(node).stream()
                    .sorted(Comparator.comparing(ValidationMessage::getMessage))
                    .limit(MAX_PROBLEMS)
                    .forEach(m -> problems.add(m.getMessage()));
        }
        return problems.isEmpty()
                ? null
                : "breaks " + (schema == null ? "the payload rules" : schema) + ": " + String.join("; ", problems);
    }

    private static void textProblems(JsonNode node, String path, List<String> problems) {
        if (problems.size() >= MAX_PROBLEMS) {
            return;
        }
        if (node.isTextual()) {
            String p = InputRules.textProblem(node.textValue());
            if (p != null) {
                problems.add(path + " " + p);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String p = InputRules.textProblem(f.getKey());
                if (p != null && problems.size() < MAX_PROBLEMS) {
                    problems.add(path + " has a field name that " + p);
                }
                textProblems(f.getValue(), path + "." + f.getKey(), problems);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                textProblems(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream("/contracts/schemas/" + n + ".schema.json")) {
                if (in == null) {
                    throw new IllegalStateException("schema " + n + " is missing from event-contracts");
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
                        .build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

}
