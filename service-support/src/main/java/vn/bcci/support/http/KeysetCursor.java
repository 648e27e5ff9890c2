package vn.bcci.support.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import vn.bcci.support.problem.ProblemException;

/**
 * The opaque cursor of keyset paging on (a time, an identifier): pages neither repeat nor skip rows when rows are added
 * while a client pages. A cursor this API did not return is a 400 naming the {@code cursor} parameter.
 */
public record KeysetCursor(Instant at, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a query parameter; {@code null} for none. */
    public static KeysetCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return new KeysetCursor(Instant.parse(parts[0]), parts[1]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
