package vn.bcci.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The services' JSON reading refuses what a lenient reader would quietly accept, naming the field and the rule. */
class StrictJsonTest {
    record Request(String name, Instant at) {
    }

    private static final ObjectMapper JSON = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static Request read(String json) throws JsonProcessingException {
        return JSON.readValue(json, Request.class);
    }

    private static JsonMappingException refused(String json) {
        return assertThrows(JsonMappingException.class, () -> read(json), json);
    }

    private static String field(JsonMappingException e) {
        return e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
    }

    @Test
    void takesAPlainRequest() throws Exception {
        assertEquals(new Request("Nguyễn Văn An", Instant.parse("2026-12-07T03:00:00Z")),
                read("{\"name\": \"Nguyễn Văn An\", \"at\": \"2026-12-07T03:00:00Z\"}"));
    }

    @Test
    void refusesAControlCharacterInAnyString() {
        JsonMappingException e = refused("{\"name\": \"An\\u0000\"}");
        assertEquals("name", field(e));
        assertTrue(e.getOriginalMessage().contains("control character"), e.getOriginalMessage());
    }

    @Test
    void refusesANumberOrAnObjectWhereTextIsExpected() {
        assertEquals("must be a JSON string", refused("{\"name\": 42}").getOriginalMessage());
        assertEquals("name", field(refused("{\"name\": {\"first\": \"An\"}}")));
    }

    @Test
    void refusesAnInstantOutsideThePlatformsWindow() {
        JsonMappingException e = refused("{\"at\": \"1999-12-31T23:59:59Z\"}");
        assertEquals("at", field(e));
        assertEquals("must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z", e.getOriginalMessage());
        assertEquals("at", field(refused("{\"at\": \"2100-01-01T00:00:01Z\"}")));
    }

    @Test
    void refusesAKeyTwiceAnUnknownFieldAndContentAfterTheValue() {
        assertThrows(JsonProcessingException.class, () -> read("{\"name\": \"An\", \"name\": \"Bình\"}"));
        assertEquals("nmae", refused("{\"nmae\": \"An\"}").getPath().get(0).getFieldName());
        assertThrows(JsonProcessingException.class, () -> read("{\"name\": \"An\"} {}"));
    }
}
