package vn.bcci.postal.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.postal.config.TrackingConfig;
import vn.bcci.postal.shipments.Shipment;
import vn.bcci.postal.shipments.ShipmentLedger;

/**
 * Flags open items (issue 4 §7): <b>stalled</b> when the newest event is older than {@code tracking.stall-after},
 * <b>overdue</b> when the delivery target passed undelivered. Each flag is set once, in the same transaction as the
 * {@code vn.bcci.shipment.flagged.v1} event it publishes; several instances may run the watch at once (rows are claimed
 * with {@code SKIP LOCKED}, and a set flag is never set again). A stall is cleared by the item's next event.
 */
@ApplicationScoped
public class ShipmentWatch {
    private static final Logger LOG = Logger.getLogger(ShipmentWatch.class);
    private static final int BATCH = 500;

    private final WatchStore store;
    private final ShipmentLedger ledger;
    private final Duration stallAfter;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong stalled = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    public ShipmentWatch(WatchStore store, ShipmentLedger ledger, MeterRegistry metrics,
            TrackingConfig config) {
        this.store = store;
        this.ledger = ledger;
        this.stallAfter = config.stallAfter();
        metrics.gauge("tracking.shipments.stalled", stalled);
        metrics.gauge("tracking.shipments.overdue", overdue);
    }

    @Scheduled(identity = "shipment-watch", every = "${tracking.watch.every}", delayed = "${tracking.watch.delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        scan(clock.instant());
    }

    /** Flags what is stalled or overdue at {@code now}; the number of flags set. */
    public int scan(Instant now) {
        int flagged = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> flag("stalled_since",
                    "last_event_at < ?2", now.minus(stallAfter), now));
            flagged += n;
        } while (n == BATCH);
        do {
            n = QuarkusTransaction.requiringNew().call(() -> flag("overdue_since",
                    "delivery_due_at < ?2", now, now));
            flagged += n;
        } while (n == BATCH);
        QuarkusTransaction.requiringNew().run(() -> {
            stalled.set(count("stalled_since"));
            overdue.set(count("overdue_since"));
        });
        if (flagged > 0) {
            LOG.infof("shipment watch flagged %d item(s); open items stalled %d, overdue %d", flagged, stalled.get(),
                    overdue.get());
        }
        return flagged;
    }

    private int flag(String column, String condition, Instant threshold, Instant now) {
        List<String> items = store.flag(column, condition, threshold, now, BATCH);
        for (String item : items) {
            // not loaded before in this transaction: read as the update above left it
            ledger.publishFlagged(Shipment.findById(item), now);
        }
        return items.size();
    }

    private long count(String column) {
        return store.countFlagged(column);
    }
}
