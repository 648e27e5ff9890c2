package vn.bcci.support.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Values of native query rows, whatever type the driver and Hibernate hand them out as; and rows written set-based, a
 * column at a time ({@link #bindColumns}).
 */
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

    /**
     * Binds {@code rows} as one text array per column, parameter {@code i + 1} holding {@code columns.get(i)} of every
     * row, for a statement that writes them all at once ({@code INSERT … SELECT … FROM unnest(?::text[], …)}, casting
     * each column to its type there): a poll's rows in one statement instead of one each.
     */
    public static <T> void bindColumns(Connection c, PreparedStatement ps, Collection<T> rows,
            List<Function<T, Object>> columns) throws SQLException {
        for (int col = 0; col < columns.size(); col++) {
            Function<T, Object> column = columns.get(col);
            ps.setArray(col + 1, c.createArrayOf("text", rows.stream().map(r -> {
                Object v = column.apply(r);
                return v == null ? null : v.toString();
            }).toArray()));
        }
    }
}
