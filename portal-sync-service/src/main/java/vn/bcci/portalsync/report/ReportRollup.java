package vn.bcci.portalsync.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Folds the report's deltas (what the facts' triggers wrote, V12) into the per-day and per-month aggregates, a batch
 * at a time, one instance at a time (a transaction-scoped advisory lock: the others skip the round). The report is
 * right without it (it reads the deltas not folded yet); the rollup keeps what it reads small.
 */
@ApplicationScoped
public class ReportRollup {
    private static final Logger LOG = Logger.getLogger(ReportRollup.class);
    static final int BATCH = 20_000;

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

    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;

    public ReportRollup(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    @Scheduled(identity = "report-rollup", every = "${report.rollup.every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            fold();
        } catch (RuntimeException e) {
            LOG.warnf("report rollup failed (the next round tries again): %s", e.getMessage());
        }
    }

    /** Folds every delta there is now; how many. */
    public long fold() {
        long folded = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(this::foldBatch);
            folded += Math.max(0, n);
        } while (n == BATCH);
        if (folded > 0) {
            metrics.counter("report.deltas.folded").increment(folded);
        }
        return folded;
    }

    /** One batch in the caller's transaction; -1 when another instance holds the rollup. */
    private int foldBatch() {
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
                ps.setInt(1, BATCH);
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
