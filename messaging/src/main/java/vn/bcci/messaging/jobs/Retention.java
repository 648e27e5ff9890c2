package vn.bcci.messaging.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Bounded growth (docs/runbook.md, "Retention"): every table that grows with traffic keeps its rows for a configured
 * time, then loses them to a purge that runs once across all instances ({@link JobLeases}) and deletes in small
 * batches, each in its own transaction, so that it never holds many locks or a long transaction against the live
 * traffic. Every {@code retention.every} (a service without {@code retention.every} purges nothing), the first time
 * {@code retention.first-after} after the start: the inbox, then the service's own {@link RetentionRules}.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** Rows deleted per transaction. */
    static final int BATCH = 5_000;

    /**
     * One table's rule: rows older than {@code keep} go. {@code deleteBatch} deletes at most {@code ?2} of them whose
     * time is before the cutoff, through an index on that time: its first parameter is the cutoff (a timestamp), its
     * second the batch size.
     */
    public record Rule(String table, Duration keep, String deleteBatch) {
    }

    /**
     * The idempotent consumer's inbox: a row must outlive every redelivery of its event, which the broker can make as
     * long as it keeps the record (30 days on every topic, deploy/k8s); {@code keep} is set above that.
     */
    static Rule inbox(Duration keep) {
        return new Rule("messaging.inbox", keep, "DELETE FROM messaging.inbox WHERE ctid IN (SELECT ctid FROM "
                + "messaging.inbox WHERE processed_at < ? LIMIT ?)");
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    JobLeases jobs;
    @Inject
    MeterRegistry metrics;
    @Inject
    Instance<RetentionRules> service;

    @Scheduled(identity = "retention", every = "${retention.every:off}", delayed = "${retention.first-after:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        purge();
    }

    /** Runs the service's purge if it is due and no other instance holds it; the rows deleted or erased per rule. */
    public Map<String, Long> purge() {
        if (!service.isResolvable()) {
            return Map.of();
        }
        RetentionRules rules = service.get();
        List<Rule> all = new ArrayList<>();
        all.add(inbox(rules.settings().inbox()));
        all.addAll(rules.rules());
        return purgeIfDue("retention", rules.settings().every(), all);
    }

    /**
     * Runs the purge named {@code job} if it is due ({@code every}) and no other instance holds it: each rule's
     * expired rows, batch after batch, until none is left. The rows deleted per table (empty if not due here).
     */
    Map<String, Long> purgeIfDue(String job, Duration every, List<Rule> rules) {
        JobLeases.Lease lease = jobs.claimIfDue(job, every.multipliedBy(9).dividedBy(10), Duration.ofMinutes(10))
                .orElse(null);
        if (lease == null) {
            return Map.of();
        }
        try {
            Map<String, Long> purged = purge(lease, rules, Instant.now());
            jobs.done(lease);
            return purged;
        } catch (RuntimeException e) {
            jobs.release(lease);
            LOG.warnf("retention purge %s failed (the next tick tries again): %s", job, e.getMessage());
            return Map.of();
        }
    }

    private Map<String, Long> purge(JobLeases.Lease lease, List<Rule> rules, Instant now) {
        Map<String, Long> purged = new LinkedHashMap<>();
        for (Rule rule : rules) {
            Timestamp cutoff = Timestamp.from(now.minus(rule.keep()));
            long total = 0;
            int n;
            do {
                n = QuarkusTransaction.requiringNew().call(() -> {
                    jobs.checkFence(lease);
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement ps = c.prepareStatement(rule.deleteBatch())) {
                        ps.setTimestamp(1, cutoff);
                        ps.setInt(2, BATCH);
                        return ps.executeUpdate();
                    } catch (SQLException e) {
                        throw new IllegalStateException(rule.table() + ": " + e.getMessage(), e);
                    }
                });
                total += n;
            } while (n == BATCH);
            metrics.counter("retention.purged", "table", rule.table()).increment(total);
            purged.put(rule.table(), total);
            if (total > 0) {
                LOG.infof("retention: purged %d row(s) of %s older than %s", total, rule.table(), rule.keep());
            }
        }
        return purged;
    }
}
