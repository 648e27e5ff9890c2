package vn.bcci.portalsync.delivery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * What an operator alerts on, refreshed every {@code portal.metrics.refresh} from the database (so that every instance
 * reports the same truth): the sync lag (age of the oldest change the portal has not acknowledged, dossiers and
 * progress entries, parked ones excluded), the number of parked dossiers, and of changes owed (a parked dossier's
 * entries, {@code HELD}, included). Each figure is read from a partial index of what it counts, so a refresh costs in
 * proportion to the backlog, not to history.
 */
@ApplicationScoped
public class SyncMetrics {
    private static final Logger LOG = Logger.getLogger(SyncMetrics.class);

    private final AgroalDataSource dataSource;
    private final AtomicLong lagSeconds = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong dossiersOwed = new AtomicLong();
    private final AtomicLong entriesOwed = new AtomicLong();
    private volatile java.time.Instant refreshedAt;

    /** The figures of the last refresh, for the dashboard. */
    public record Snapshot(long lagSeconds, long parked, long dossiersOwed, long entriesOwed,
            java.time.Instant refreshedAt) {
    }

    public SyncMetrics(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        Gauge.builder("portal.sync.lag.seconds", lagSeconds, AtomicLong::get)
                .description("age of the oldest change not yet acknowledged by the portal (parked excluded)")
                .register(metrics);
        Gauge.builder("portal.sync.parked", parked, AtomicLong::get)
                .description("dossiers the portal refused (code 2), waiting for the agency's fix").register(metrics);
        Gauge.builder("portal.sync.owed", dossiersOwed, AtomicLong::get).tag("kind", "dossier")
                .description("changes not yet acknowledged by the portal").register(metrics);
        Gauge.builder("portal.sync.owed", entriesOwed, AtomicLong::get).tag("kind", "progress")
                .description("changes not yet acknowledged by the portal").register(metrics);
    }

    /** Scheduled; also called directly (tests, a first view). */
    @Scheduled(every = "${portal.metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        """
                                SELECT
                                  (SELECT count(*) FROM portal_dossier WHERE sync_state = 'PARKED'),
                                  (SELECT count(*) FROM portal_dossier WHERE sync_state = 'PENDING'),
                                  (SELECT count(*) FROM progress_entry e WHERE e.state IN ('PENDING', 'IN_DOUBT')
                                     AND e.dossier_code IS NOT NULL)
                                  + (SELECT count(*) FROM progress_entry e WHERE e.state = 'HELD'),
                                  extract(epoch FROM now() - least(
                                     (SELECT min(changed_at) FROM portal_dossier WHERE sync_state = 'PENDING'),
                                     (SELECT min(e.created_at) FROM progress_entry e JOIN portal_dossier d ON d.code = e.dossier_code
                                        WHERE e.state IN ('PENDING', 'IN_DOUBT') AND d.sync_state <> 'PARKED')))
                                """)) {
            rs.next();
            parked.set(rs.getLong(1));
            dossiersOwed.set(rs.getLong(2));
            entriesOwed.set(rs.getLong(3));
            lagSeconds.set(Math.max(0, Math.round(rs.getDouble(4))));
            refreshedAt = java.time.Instant.now();
        } catch (SQLException e) {
            LOG.warnf("cannot refresh the sync metrics: %s", e.getMessage());
        }
    }

    public Snapshot snapshot() {
        if (refreshedAt == null) {
            refresh();
        }
        return new Snapshot(lagSeconds.get(), parked.get(), dossiersOwed.get(), entriesOwed.get(), refreshedAt);
    }
}
