package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON Schemas are the published contract; the records are what the code sends. They must not drift apart. */
class SchemaMatchesPayloadTest {

    @ParameterizedTest
    @CsvSource({
            "dossier-event-data, vn.bcci.contracts.payload.DossierEventData",
            "shipment-event-data, vn.bcci.contracts.payload.ShipmentEventData",
            "procedure-data, vn.bcci.contracts.payload.ProcedureData",
            "portal-sync-outcome-data, vn.bcci.contracts.payload.PortalSyncOutcomeData",
            "vnpost-tracking-event, vn.bcci.contracts.payload.VnpostTrackingEvent"})
    void schemaListsExactlyTheRecordsFields(String schema, String recordClass) throws Exception {
        JsonNode root = load(schema);
        Class<?> type = Class.forName(recordClass);
        assertEquals(componentNames(type), propertyNames(root), schema + " properties vs " + type.getSimpleName());
        for (String required : iterableNames(root.path("required"))) {
            assertNotNull(root.path("properties").get(required), schema + " requires unknown " + required);
        }
    }

    private static JsonNode load(String schema) throws IOException {
        try (InputStream in = SchemaMatchesPayloadTest.class
                .getResourceAsStream("/contracts/schemas/" + schema + ".schema.json")) {
            assertNotNull(in, "schema " + schema + " is missing");
            return new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> iterableNames(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
