package vn.bcci.support.quota;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.ClientLimitedData;
import vn.bcci.messaging.outbox.Outbox;

/**
 * Tells the operators' console who this instance's doors refused: every {@code bcci.quota.report-every} (a minute),
 * one {@code vn.bcci.platform.client-limited.v1} event per client and door refused since the last report, through the
 * outbox to {@code platform.client-limits.v1} (portal-sync-service lists them as the {@code CLIENT_LIMITED} alert), and
 * one log line naming them. Nothing is sent for a quiet minute. A report the database does not take is put back and
 * goes with the next.
 */
@ApplicationScoped
public class QuotaReports {
    private static final Logger LOG = Logger.getLogger(QuotaReports.class);

    @Inject
    Quotas quotas;
    @Inject
    Outbox outbox;
    @Inject
    @ConfigProperty(name = "quarkus.application.name")
    String service;
    private Instant since = Instant.now();

    @Scheduled(identity = "quota-reports", every = "${bcci.quota.report-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void report() {
        if (!quotas.enabled()) {
            return;
        }
        List<Quotas.Refusals> refused = quotas.drainRefusals();
        if (refused.isEmpty()) {
            since = Instant.now();
            return;
        }
        Instant from = since;
        Instant to = Instant.now();
        try {
            QuarkusTransaction.requiringNew().run(() -> refused.forEach(r -> outbox.publish(Topics.CLIENT_LIMITS,
                    r.client(), EventTypes.CLIENT_LIMITED, null, to, new ClientLimitedData(service, r.client(),
                            r.agency(), r.door(), r.limited(), r.allowed(), from, to))));
            since = to;
            LOG.warnf("clients refused at this instance's doors since %s: %s", from, refused.stream()
                    .map(r -> r.client() + " " + r.door() + " " + r.limited() + " refused, " + r.allowed() + " taken")
                    .toList());
        } catch (RuntimeException e) {
            quotas.restore(refused);
            LOG.warnf("could not report the clients refused (%s); they go with the next report", e.toString());
        }
    }
}
