package vn.bcci.support.quota;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code bcci.quota.}: each door's default rate and burst for every client (service-support's
 * {@code microprofile-config.properties}; docs/runbook.md "Quotas"), overrides per client, and how many instances of
 * the service share a client's budget.
 */
@ConfigMapping(prefix = "bcci.quota")
public interface QuotaConfig {
    /** Off: nothing is counted or refused. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How many instances of this service answer the same clients (its replica count): each enforces its share of a
     * client's rate and burst, so that the client's budget is the same whatever the count (decision 0011).
     */
    @WithDefault("1")
    int instances();

    Limit writes();

    Limit reads();

    Limit pushes();

    Limit feed();

    Limit console();

    /** Streams (the feed's Server-Sent Events) one client may hold open on one instance at once. */
    @WithDefault("4")
    int streamsPerClient();

    /**
     * How often each instance reports the clients it refused ({@link QuotaReports}'s schedule, read there as
     * {@code ${bcci.quota.report-every}}).
     */
    @WithDefault("60s")
    String reportEvery();

    /** Per client (the token's subject): the doors whose limit differs from the default. */
    Map<String, Overrides> clients();

    /** A rate in units (requests, or pushed events) per second, and how many may come at once. */
    interface Limit {
        double rate();

        int burst();
    }

    interface Overrides {
        Optional<Limit> writes();

        Optional<Limit> reads();

        Optional<Limit> pushes();

        Optional<Limit> feed();

        Optional<Limit> console();
    }
}
