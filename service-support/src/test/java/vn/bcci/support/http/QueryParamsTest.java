package vn.bcci.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;

class QueryParamsTest {
    enum Colour {
        RED,
        GREEN
    }

    /** The one field and rule a refusal names. */
    private static Problem.FieldError refusal(Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(400, e.status());
        List<Problem.FieldError> errors = e.toProblem("/x").errors();
        assertEquals(1, errors.size());
        return errors.get(0);
    }

    @Test
    void absentOrBlankIsNoValue() {
        assertNull(QueryParams.enumOf("colour", null, Colour.class));
        assertNull(QueryParams.enumOf("colour", "  ", Colour.class));
        assertNull(QueryParams.instant("from", ""));
        assertNull(QueryParams.bool("newest", null));
        assertEquals(50, QueryParams.limit(null, 50, 200));
        assertEquals(7, QueryParams.wholeNumber("days", " ", 7, 30));
    }

    @Test
    void goodValuesAreReadTrimmed() {
        assertEquals(Colour.GREEN, QueryParams.enumOf("colour", " GREEN ", Colour.class));
        assertEquals(Instant.parse("2026-11-22T02:00:00Z"), QueryParams.instant("from", "2026-11-22T02:00:00Z "));
        assertEquals(Boolean.FALSE, QueryParams.bool("newest", "false"));
        assertEquals(200, QueryParams.limit("200", 50, 200));
        assertEquals(1, QueryParams.wholeNumber("days", "1", 7, 30));
    }

    @Test
    void aBadValueIsA400NamingTheParameterAndItsRule() {
        Problem.FieldError e = refusal(() -> QueryParams.enumOf("colour", "red", Colour.class));
        assertEquals("colour", e.field());
        assertEquals("must be one of [RED, GREEN]", e.rule());
        assertEquals("from", refusal(() -> QueryParams.instant("from", "2026-11-22")).field());
        assertEquals("must be true or false", refusal(() -> QueryParams.bool("newest", "yes")).rule());
        assertEquals("must be a whole number from 1 to 200", refusal(() -> QueryParams.limit("201", 50, 200)).rule());
        assertEquals("limit", refusal(() -> QueryParams.limit("0", 50, 200)).field());
        assertEquals("days", refusal(() -> QueryParams.wholeNumber("days", "2.5", 7, 30)).field());
        assertEquals("days", refusal(() -> QueryParams.wholeNumber("days", "99999999999", 7, 30)).field());
    }
}
