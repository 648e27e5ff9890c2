package vn.bcci.portalsync.portal;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code portal.} (environment {@code PORTAL_…}): how the portal is reached (docs/portal-api.md), how
 * hard we may call it, and how its view is kept.
 */
@ConfigMapping(prefix = "portal")
public interface PortalConfig {
    /** The portal's base URL (the rest client reads it as {@code quarkus.rest-client.portal.url}). */
    String baseUrl();

    String username();

    String password();

    /** The {@code dstcode} header of every call. */
    String dstCode();

    /**
     * The calls per second agreed with the portal, for all instances together ({@link PortalPace}), whatever the
     * backlog.
     */
    @WithDefault("20")
    int maxCallsPerSecond();

    /** The share of the agreed rate we aim at, leaving the rest for the network's jitter. */
    @WithDefault("0.9")
    double paceHeadroom();

    /** Dossiers (and progress entries) per call; the portal takes at most 100. */
    @WithDefault("100")
    int batchSize();

    Backoff backoff();

    Breaker breaker();

    Progress progress();

    Sync sync();

    Catalogue catalogue();

    Metrics metrics();

    Reconcile reconcile();

    /** After a transient failure: doubles from min to max, with jitter, honouring Retry-After. */
    interface Backoff {
        @WithDefault("PT0.2S")
        Duration min();

        @WithDefault("PT60S")
        Duration max();
    }

    /** Consecutive failed rounds that open the circuit, and how often an open circuit tries again ({@code delivery.Circuit}). */
    interface Breaker {
        @WithDefault("5")
        int failures();

        @WithDefault("PT15S")
        Duration openFor();
    }

    interface Progress {
        /**
         * How long an entry waits after we learned of it before it may go: none by default. Order does not need it (a
         * dossier's steps reach us on one partition in the order dossier-service applied them, each postal item's in
         * its own order, {@code itemSequence}); a window would only gather a dossier's entries into fewer calls. With 0
         * SystemBench's p50 at 1,000 events/s is 0.42 s instead of 1.39 s with 1 s. (The fault suite's slow convergence
         * first blamed on 0 came with 1 s too: its cause was the backoff doubling past the circuit's window,
         * {@code delivery.Circuit}; with 0 it converged in 9.5 s.)
         */
        @WithDefault("PT0S")
        Duration settle();
    }

    interface Sync {
        /** Off: nothing is sent to the portal (a read-only instance). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Catalogue {
        /** How often the procedure catalogue is imported (also once at start). */
        @WithDefault("6h")
        Duration refresh();

        /** How soon a failed import is tried again (a scheduler expression, used as {@code ${portal.catalogue.retry}}). */
        Optional<String> retry();
    }

    interface Metrics {
        /** How often the sync lag, parked and owed gauges are read from the database. */
        @WithDefault("10s")
        Duration refresh();
    }

    interface Reconcile {
        /** How often a sample is reconciled on schedule ({@code off}: never). */
        @WithDefault("6h")
        String every();

        /** The share of synced dossiers a scheduled run looks up. */
        @WithDefault("0.05")
        double sample();

        /** How long after start the first scheduled run comes. */
        Optional<String> firstAfter();
    }
}
