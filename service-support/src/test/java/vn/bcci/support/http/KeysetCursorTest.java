package vn.bcci.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import vn.bcci.support.problem.ProblemException;

class KeysetCursorTest {

    @Test
    void aCursorComesBackAsItWentOutAndOpaque() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-12-07T01:02:03.456789Z"),
                "000.00.01.H22-261207-0042|x");
        String encoded = cursor.encode();
        assertFalse(encoded.contains("H22"), encoded);
        assertFalse(encoded.contains("="), "no padding in a URL: " + encoded);
        assertEquals(cursor, KeysetCursor.decode(encoded));
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(KeysetCursor.decode(null));
        assertNull(KeysetCursor.decode(""));
    }

    @Test
    void aCursorThisApiDidNotReturnIsA400NamingCursor() {
        for (String forged : new String[]{"not base64 !", encode("no separator"), encode("yesterday|code"),
                encode("2026-12-07|code")}) {
            ProblemException e = assertThrows(ProblemException.class, () -> KeysetCursor.decode(forged), forged);
            assertEquals(400, e.status());
            assertEquals("cursor", e.toProblem("/x").errors().get(0).field());
        }
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
