package vn.bcci.portalsync.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

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

    @Inject
    ReportStore store;
    @Inject
    MeterRegistry metrics;

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
            n = QuarkusTransaction.requiringNew().call(() -> store.foldBatch(BATCH));
            folded += Math.max(0, n);
        } while (n == BATCH);
        if (folded > 0) {
            metrics.counter("report.deltas.folded").increment(folded);
        }
        return folded;
    }
}
