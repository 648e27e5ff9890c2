package vn.bcci.portalsync.delivery;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

    private final DeliveryStore store;
    private final AtomicLong lagSeconds = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong dossiersOwed = new AtomicLong();
    private final AtomicLong entriesOwed = new AtomicLong();
    private volatile java.time.Instant refreshedAt;

    /** The figures of the last refresh, for the dashboard. */
    public record Snapshot(long lagSeconds, long parked, long dossiersOwed, long entriesOwed,
            java.time.Instant refreshedAt) {
    }

    public SyncMetrics(DeliveryStore store, MeterRegistry metrics) {
        this.store = store;
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
        try {
            DeliveryStore.Gauges g = QuarkusTransaction.requiringNew().call(store::gauges);
            parked.set(g.parked());
            dossiersOwed.set(g.dossiersOwed());
            entriesOwed.set(g.entriesOwed());
            lagSeconds.set(g.lagSeconds());
            refreshedAt = java.time.Instant.now();
        } catch (RuntimeException e) {
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
