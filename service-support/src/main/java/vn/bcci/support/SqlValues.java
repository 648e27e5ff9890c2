package vn.bcci.support;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query rows, whatever type the driver and Hibernate hand them out as. */
public final class SqlValues {
    private SqlValues() {
    }

    /** A {@code timestamptz} column as an {@link Instant} ({@code null} stays {@code null}). */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
