package vn.bcci.portalsync.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * The index's reads: the report's monthly aggregates and the deltas not folded yet (V12, V18) summed per unit of a
 * level over whole months, and the catalogue's procedures per unit. A year of every unit reads a year of monthly rows,
 * never the facts.
 */
@ApplicationScoped
public class IndexStore {
    /** The aggregate metrics the index reads (the report's other metrics stay unread). */
    private static final String METRICS = "(metric IN ('received', 'received.POSTAL', 'to_post', 'resolved.EARLY', "
            + "'resolved.ON_TIME', 'resolved.LATE', 'resolved.NONE', 'posted', 'delivered', 'delivered.first', "
            + "'failed') OR metric LIKE 'bcci.%' OR metric LIKE 'leg.%')";

    @Inject
    AgroalDataSource dataSource;

    /** The unit of {@code agency_code} at a level, in SQL. */
    static String unitOf(Level level) {
        return switch (level) {
            case AGENCY -> "agency_code";
            case UNIT -> "split_part(agency_code, '.', 4)";
            case NATIONAL -> "''";
        };
    }

    /**
     * Each unit's sum of each metric over the months {@code [from, to)} (first days of months); {@code only}, when
     * given, the one unit to read.
     */
    Map<String, Map<String, Long>> sums(Level level, String only, LocalDate from, LocalDate to) {
        String unit = unitOf(level);
        String scope = only == null ? "" : " AND " + unit + " = ?";
        Map<String, Map<String, Long>> sums = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + unit + ", metric, sum(n) FROM ("
                        + "SELECT agency_code, metric, n FROM report_month WHERE month >= ? AND month < ?"
                        + " UNION ALL SELECT agency_code, metric, n FROM report_delta WHERE day >= ? AND day < ?"
                        + ") x WHERE " + METRICS + scope + " GROUP BY 1, 2")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            ps.setObject(3, from);
            ps.setObject(4, to);
            if (only != null) {
                ps.setString(5, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the index's aggregates", e);
        }
        return sums;
    }

    /** Each unit's procedures in the catalogue: {@code [all, offered by post (intake or return)]}. */
    Map<String, long[]> catalogue(Level level, String only) {
        String unit = unitOf(level);
        String scope = only == null ? "" : " AND " + unit + " = ?";
        Map<String, long[]> units = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + unit + ", count(*), count(*) FILTER (WHERE "
                        + "postal_intake OR postal_return) FROM procedure_catalogue WHERE agency_code IS NOT NULL"
                        + scope + " GROUP BY 1")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    units.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalogue", e);
        }
        return units;
    }
}
