package vn.bcci.portalsync.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.VietnamTime;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.messaging.jobs.JobLeases;
import vn.bcci.portalsync.feed.OperatorFeed;

/**
 * Warns before a deadline is missed: every {@code alerts.due-soon.every}, once across instances ({@link JobLeases}),
 * each dossier whose clock runs and whose due date falls within one working day ({@link #horizon}) gets one
 * {@link OperatorFeed.Kind#DOSSIER_DUE_SOON} entry for that due date (an apology slip's new date warns again). The feed,
 * its stream and webhooks carry it to people and machines.
 */
@ApplicationScoped
public class DueSoonWatch {
    private static final Logger LOG = Logger.getLogger(DueSoonWatch.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy")
            .withZone(VietnamTime.ZONE);
    private static final int BATCH = 500;

    private final AlertStore store;
    private final OperatorFeed feed;
    private final WorkingCalendar calendar;
    private final JobLeases jobs;
    private final Duration every;

    public DueSoonWatch(AlertStore store, OperatorFeed feed, WorkingCalendar calendar, JobLeases jobs,
            AlertsConfig config) {
        this.store = store;
        this.feed = feed;
        this.calendar = calendar;
        this.jobs = jobs;
        this.every = config.dueSoon().every();
    }

    /** The latest due date that counts as "due within one working day" at {@code now}. */
    public Instant horizon(Instant now) {
        return calendar.dueAfter(now, 1);
    }

    @Scheduled(every = "${alerts.due-soon.every:5m}", delayed = "${alerts.due-soon.first-after:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        JobLeases.Lease lease = jobs.claimIfDue("due-soon-watch", every.multipliedBy(9).dividedBy(10),
                Duration.ofMinutes(5)).orElse(null);
        if (lease == null) {
            return;
        }
        try {
            int warned = 0;
            int n;
            do {
                n = QuarkusTransaction.requiringNew().call(() -> {
                    jobs.checkFence(lease);
                    return warnOnce(Instant.now());
                });
                warned += n;
            } while (n == BATCH);
            jobs.done(lease);
            if (warned > 0) {
                LOG.infof("%d dossier(s) due within one working day: warned in the feed", warned);
            }
        } catch (RuntimeException e) {
            jobs.release(lease);
            LOG.warnf("due-soon watch failed (the next tick tries again): %s", e.getMessage());
        }
    }

    /** One batch in the caller's transaction: the dossiers newly due soon, each warned once for its due date. */
    public int warnOnce(Instant now) {
        List<Object[]> due = store.markDueSoon(now, horizon(now), BATCH);
        for (Object[] row : due) {
            Instant dueAt = vn.bcci.support.sql.SqlValues.instant(row[2]);
            feed.append(OperatorFeed.Kind.DOSSIER_DUE_SOON, (String) row[0], (String) row[1], null, null, now,
                    "Hồ sơ " + row[0] + " đến hạn trả kết quả lúc " + WHEN.format(dueAt)
                            + ", còn dưới một ngày làm việc");
        }
        return due.size();
    }
}
