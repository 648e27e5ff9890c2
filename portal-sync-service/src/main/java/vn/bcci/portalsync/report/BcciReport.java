package vn.bcci.portalsync.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

import vn.bcci.contracts.Timeliness;

/**
 * The figures of docs/domain.md §7 for a period {@code [from, to)}, per agency and in total:
 * <ul>
 * <li>received: dossiers received in the period, by channel (online, in person, via BCCI);</li>
 * <li>resolved: results released in the period, early / on time / late ({@link Timeliness}), and the on-time rate
 * (early + on time) / resolved;</li>
 * <li>in progress at the end of the period (or now), within deadline or overdue (a supplement request stops the
 * clock);</li>
 * <li>results by post: released in the period to be returned by post, handed to VNPost, delivered, failed or returned
 * in the period;</li>
 * <li>synchronisation: dossiers received in the period (all must reach the portal), those the portal acknowledged,
 * the coverage, and the p50/p95 delay from portal-sync learning of a dossier to the portal's first
 * acknowledgement.</li>
 * </ul>
 */
@ApplicationScoped
public class BcciReport {
    private final AgroalDataSource dataSource;

    public BcciReport(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Received(long total, long online, long inPerson, long postal) {
    }

    public record Resolved(long total, long early, long onTime, long late, Double onTimeRate) {
    }

    public record InProgress(long withinDeadline, long overdue) {
    }

    public record ResultsByPost(long toReturnByPost, long handedToPost, long delivered, long failedOrReturned) {
    }

    public record Sync(long mustSync, long synced, Double coverage, Double delayP50Seconds, Double delayP95Seconds) {
    }

    public record Figures(String agencyCode, Received received, Resolved resolved, InProgress inProgress,
            ResultsByPost resultsByPost, Sync sync) {
    }

    /**
     * docs/domain.md §6 in SQL, on {@code report_dossier r}: the dossier's deadline clock runs (not refused, withdrawn or
     * stopped, and no supplement request pending, which stops it). Overdue = running and past {@code r.due_at}; the
     * report and the console's alerts both use it.
     */
    public static final String CLOCK_RUNNING = "r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', "
            + "'SUPPLEMENT_REQUESTED')";

    public record Report(Instant from, Instant to, List<Figures> agencies, Figures total) {
    }

    /** The report; {@code agency} {@code null} for every agency. */
    public Report of(String agency, Instant from, Instant to, Instant now) {
        Instant asOf = to.isBefore(now) ? to : now;
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Double[]> delays = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            // received, in progress, results by post, sync coverage: aggregated in the database
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH p AS (SELECT ?::timestamptz AS f, ?::timestamptz AS t, ?::timestamptz AS a, ?::text AS agency)
                    SELECT r.agency_code,
                      count(*) FILTER (WHERE r.received_at >= p.f AND r.received_at < p.t),
                      count(*) FILTER (WHERE r.received_at >= p.f AND r.received_at < p.t AND r.channel = 'ONLINE'),
                      count(*) FILTER (WHERE r.received_at >= p.f AND r.received_at < p.t AND r.channel = 'IN_PERSON'),
                      count(*) FILTER (WHERE r.received_at >= p.f AND r.received_at < p.t AND r.channel = 'POSTAL'),
                      count(*) FILTER (WHERE r.received_at < p.a AND (r.finished_at IS NULL OR r.finished_at >= p.a)
                          AND r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED')
                          AND (r.due_at IS NULL OR r.due_at >= p.a OR r.status = 'SUPPLEMENT_REQUESTED')),
                      count(*) FILTER (WHERE r.received_at < p.a AND (r.finished_at IS NULL OR r.finished_at >= p.a)
                          AND\s""" + CLOCK_RUNNING + """
                          AND r.due_at < p.a),
                      count(*) FILTER (WHERE r.finished_at >= p.f AND r.finished_at < p.t
                          AND r.return_method = 'POSTAL'),
                      count(*) FILTER (WHERE m.posted_at >= p.f AND m.posted_at < p.t),
                      count(*) FILTER (WHERE m.delivered_at >= p.f AND m.delivered_at < p.t),
                      count(*) FILTER (WHERE m.failed_at >= p.f AND m.failed_at < p.t),
                      count(*) FILTER (WHERE r.received_at >= p.f AND r.received_at < p.t
                          AND d.first_synced_at IS NOT NULL)
                    FROM p, report_dossier r LEFT JOIN portal_dossier d ON d.code = r.code
                      LEFT JOIN report_result_post m ON m.code = r.code
                    WHERE p.agency IS NULL OR r.agency_code = p.agency
                    GROUP BY r.agency_code
                    """)) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                ps.setTimestamp(3, Timestamp.from(asOf));
                ps.setString(4, agency);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] n = new long[16];
                        for (int k = 0; k < 11; k++) {
                            n[k] = rs.getLong(k + 2);
                        }
                        counts.put(rs.getString(1), n);
                    }
                }
            }
            // resolved: classified here, by the one rule of Timeliness
            try (PreparedStatement ps = c.prepareStatement("SELECT agency_code, finished_at, due_at FROM "
                    + "report_dossier WHERE finished_at >= ? AND finished_at < ? AND (?::text IS NULL OR "
                    + "agency_code = ?::text)")) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                ps.setString(3, agency);
                ps.setString(4, agency);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[16]);
                        Timestamp due = rs.getTimestamp(3);
                        Timeliness t = Timeliness.of(rs.getTimestamp(2).toInstant(),
                                due == null ? null : due.toInstant());
                        n[12 + (t == null ? 3 : t.ordinal())]++;
                    }
                }
            }
            // synchronisation delay percentiles, per agency and in total
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT coalesce(r.agency_code, '*'),
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.first_synced_at - d.created_at)),
                      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.first_synced_at - d.created_at))
                    FROM report_dossier r JOIN portal_dossier d ON d.code = r.code
                    WHERE r.received_at >= ? AND r.received_at < ? AND d.first_synced_at IS NOT NULL
                      AND (?::text IS NULL OR r.agency_code = ?::text)
                    GROUP BY ROLLUP (r.agency_code)
                    """)) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                ps.setString(3, agency);
                ps.setString(4, agency);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        delays.put(rs.getString(1), new Double[]{rs.getDouble(2), rs.getDouble(3)});
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the BCCI report", e);
        }
        List<Figures> agencies = new ArrayList<>();
        long[] total = new long[16];
        counts.forEach((code, n) -> {
            agencies.add(figures(code, n, delays.get(code)));
            for (int i = 0; i < n.length; i++) {
                total[i] += n[i];
            }
        });
        return new Report(from, to, agencies, figures(null, total, delays.get("*")));
    }

    private static Figures figures(String agency, long[] n, Double[] delay) {
        long resolved = n[12] + n[13] + n[14];
        long received = n[0];
        return new Figures(agency,
                new Received(received, n[1], n[2], n[3]),
                new Resolved(resolved, n[12], n[13], n[14],
                        resolved == 0 ? null : round((double) (n[12] + n[13]) / resolved)),
                new InProgress(n[4], n[5]),
                new ResultsByPost(n[6], n[7], n[8], n[9]),
                new Sync(received, n[10], received == 0 ? null : round((double) n[10] / received),
                        delay == null ? null : round(delay[0]), delay == null ? null : round(delay[1])));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
