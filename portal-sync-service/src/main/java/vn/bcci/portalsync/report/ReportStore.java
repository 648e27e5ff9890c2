package vn.bcci.portalsync.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * The BCCI report's reads ({@link BcciReport} assembles them): the flows of a period from the monthly, daily and not yet
 * folded aggregates, and what is in progress at its end. Plain JDBC on one connection, each statement written for the
 * filters it has (no generic plan walks a whole table for one agency).
 */
@ApplicationScoped
public class ReportStore {
    @Inject
    AgroalDataSource dataSource;

    /**
     * The counts per agency (indexes of {@link BcciReport#METRICS}) and delay histograms of the days {@code [d0, dEnd)},
     * with what was in progress at the period's end: at the start of {@code dEnd} (the first day starting at or after
     * its end) when the period is past, else now, from the open dossiers themselves.
     */
    void read(String agency, LocalDate d0, LocalDate dEnd, boolean past, Instant now, Map<String, long[]> counts,
            Map<String, long[]> delays) {
        try (Connection c = dataSource.getConnection()) {
            flows(c, agency, d0, dEnd, counts, delays);
            if (past) {
                openAt(c, agency, dEnd, counts);
            } else {
                openNow(c, agency, now, counts);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the BCCI report", e);
        }
    }

    /** {@code agency_code = ?} when one agency is asked for (a condition written only then keeps plans on index). */
    private static String agencyCondition(String agency) {
        return agency == null ? "" : " AND agency_code = ?";
    }

    /** Received, resolved, results by post, synchronised and the delay histogram of the days {@code [d0, dEnd)}. */
    private static void flows(Connection c, String agency, LocalDate d0, LocalDate dEnd, Map<String, long[]> counts,
            Map<String, long[]> delays) throws SQLException {
        LocalDate mStart = d0.getDayOfMonth() == 1 ? d0 : d0.withDayOfMonth(1).plusMonths(1);
        LocalDate mEnd = dEnd.withDayOfMonth(1);
        if (!mStart.isBefore(mEnd)) {
            mStart = dEnd; // no whole month: every day from the daily aggregates
            mEnd = dEnd;
        }
        String a = agencyCondition(agency);
        try (PreparedStatement ps = c.prepareStatement("SELECT agency_code, metric, sum(n) FROM ("
                + "SELECT agency_code, metric, n FROM report_month WHERE month >= ? AND month < ?" + a
                + " UNION ALL SELECT agency_code, metric, n FROM report_day WHERE ((day >= ? AND day < ?) OR "
                + "(day >= ? AND day < ?))" + a
                + " UNION ALL SELECT agency_code, metric, n FROM report_delta WHERE day >= ? AND day < ?" + a
                + ") x WHERE metric NOT IN ('open', 'overdue') GROUP BY 1, 2")) {
            int i = 1;
            ps.setObject(i++, mStart);
            ps.setObject(i++, mEnd);
            i = agency(ps, i, agency);
            ps.setObject(i++, d0);
            ps.setObject(i++, mStart);
            ps.setObject(i++, mEnd);
            ps.setObject(i++, dEnd);
            i = agency(ps, i, agency);
            ps.setObject(i++, d0);
            ps.setObject(i++, dEnd);
            agency(ps, i, agency);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metric = rs.getString(2);
                    long n = rs.getLong(3);
                    if (metric.startsWith("delay.")) {
                        int bucket = Integer.parseInt(metric.substring("delay.".length()));
                        delays.computeIfAbsent(rs.getString(1),
                                k -> new long[BcciReport.DELAY_BOUNDS.length + 1])[Math.min(bucket,
                                        BcciReport.DELAY_BOUNDS.length + 1)
                                        - 1] += n;
                    } else if (BcciReport.METRICS.containsKey(metric)) {
                        counts.computeIfAbsent(rs.getString(1), k -> new long[16])[BcciReport.METRICS.get(metric)] += n;
                    }
                }
            }
        }
    }

    private static int agency(PreparedStatement ps, int i, String agency) throws SQLException {
        if (agency != null) {
            ps.setString(i++, agency);
        }
        return i;
    }

    /** In progress at the start of day {@code at}: the open and overdue deltas of every day before it. */
    private static void openAt(Connection c, String agency, LocalDate at, Map<String, long[]> counts)
            throws SQLException {
        String a = agencyCondition(agency);
        try (PreparedStatement ps = c.prepareStatement("SELECT agency_code, metric, sum(n) FROM ("
                + "SELECT agency_code, metric, n FROM report_month WHERE month < ? AND metric IN ('open', 'overdue')"
                + a + " UNION ALL SELECT agency_code, metric, n FROM report_day WHERE day >= ? AND day < ? AND "
                + "metric IN ('open', 'overdue')" + a + " UNION ALL SELECT agency_code, metric, n FROM report_delta "
                + "WHERE day < ? AND metric IN ('open', 'overdue')" + a + ") x GROUP BY 1, 2")) {
            int i = 1;
            LocalDate month = at.withDayOfMonth(1);
            ps.setObject(i++, month);
            i = agency(ps, i, agency);
            ps.setObject(i++, month);
            ps.setObject(i++, at);
            i = agency(ps, i, agency);
            ps.setObject(i++, at);
            agency(ps, i, agency);
            Map<String, long[]> openOverdue = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    openOverdue.computeIfAbsent(rs.getString(1),
                            k -> new long[2])["open".equals(rs.getString(2)) ? 0 : 1] += rs.getLong(3);
                }
            }
            openOverdue.forEach((code, oo) -> {
                if (oo[0] != 0 || oo[1] != 0) {
                    long[] n = counts.computeIfAbsent(code, k -> new long[16]);
                    n[4] = oo[0] - oo[1];
                    n[5] = oo[1];
                }
            });
        }
    }

    /** In progress now: the open dossiers themselves, a small set whatever the history (index report_dossier_open). */
    private static void openNow(Connection c, String agency, Instant now, Map<String, long[]> counts)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT agency_code, count(*) FILTER (WHERE due_at IS NULL OR "
                + "due_at >= ? OR status = 'SUPPLEMENT_REQUESTED'), count(*) FILTER (WHERE " + CLOCK_RUNNING_OPEN
                + " AND due_at < ?) FROM report_dossier WHERE finished_at IS NULL AND status NOT IN ('REJECTED', "
                + "'WITHDRAWN', 'STOPPED')" + agencyCondition(agency) + " GROUP BY 1")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            agency(ps, 3, agency);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[16]);
                    n[4] = rs.getLong(2);
                    n[5] = rs.getLong(3);
                }
            }
        }
    }

    /** Among dossiers neither refused, withdrawn nor stopped: those whose clock runs (no supplement request). */
    private static final String CLOCK_RUNNING_OPEN = "status <> 'SUPPLEMENT_REQUESTED'";

    /** Folds a batch of deltas into the daily and monthly aggregates; how many. */
    private static final String FOLD = """
            WITH moved AS (DELETE FROM report_delta WHERE id IN (SELECT id FROM report_delta ORDER BY id LIMIT ?)
                           RETURNING agency_code, day, metric, n),
            days AS (INSERT INTO report_day (agency_code, day, metric, n)
                     SELECT agency_code, day, metric, sum(n) FROM moved GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                     ON CONFLICT (agency_code, day, metric) DO UPDATE SET n = report_day.n + EXCLUDED.n),
            months AS (INSERT INTO report_month (agency_code, month, metric, n)
                       SELECT agency_code, date_trunc('month', day)::date, metric, sum(n) FROM moved
                       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                       ON CONFLICT (agency_code, month, metric) DO UPDATE SET n = report_month.n + EXCLUDED.n)
            SELECT count(*) FROM moved""";

    /** One batch in the caller's transaction; -1 when another instance holds the rollup. */
    int foldBatch(int batch) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "report-rollup");
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return -1;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(FOLD)) {
                ps.setInt(1, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report rollup: " + e.getMessage(), e);
        }
    }
}
