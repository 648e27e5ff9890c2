package vn.bcci.support.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import io.agroal.api.AgroalPoolInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;

/**
 * The cap on a request's time ({@code bcci.http.request-timeout}, default 10 s): every database connection a REST
 * request takes comes with PostgreSQL's {@code statement_timeout} set to what is left of the request's time, so a
 * request stuck behind a lock or a slow plan is cancelled by the database itself, its transaction rolled back (nothing
 * kept), and answered 503 with {@code Retry-After} ({@link ProblemMappers}); its worker thread and connection are free
 * again. Every other taker of a connection (consumers, scheduled jobs, migrations) gets no limit: their work is
 * batched and retried, and an index built on a year of history may take minutes. Set on each acquisition, because a
 * {@code SET} in a transaction that rolls back is undone with it. Cancellations are counted in
 * {@code http_requests_cancelled_total} and logged with the request's path.
 */
@ApplicationScoped
public class RequestTimeouts implements AgroalPoolInterceptor {
    private static final Logger LOG = Logger.getLogger(RequestTimeouts.class);
    /** PostgreSQL's {@code query_canceled}: what a statement past its {@code statement_timeout} fails with. */
    static final String QUERY_CANCELED = "57014";

    @ConfigProperty(name = "bcci.http.request-timeout", defaultValue = "10s")
    Duration cap;
    @Inject
    Deadline deadline;
    @Inject
    MeterRegistry metrics;

    /** When the current REST request must be done ({@link System#nanoTime()}); unset outside REST requests. */
    @RequestScoped
    public static class Deadline {
        Long at;
    }

    @ServerRequestFilter
    void start() {
        deadline.at = System.nanoTime() + cap.toNanos();
    }

    /**
     * The request's work is done: its deadline ends with it. Scheduled jobs on the worker threads were seen to resolve
     * a finished request's {@link Deadline} (its request context still current where the scheduler offloads them):
     * each of their connections got what was left of that request's time, down to 1 ms, and the report's rollup was
     * cancelled every round ({@code JobsUnlimitedTest}).
     */
    @ServerResponseFilter
    void end() {
        deadline.at = null;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        try (Statement s = connection.createStatement()) {
            s.execute("SET statement_timeout = " + statementTimeoutMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the statement timeout of a new connection", e);
        }
    }

    /** What is left of the current request's time, at least 1 ms; 0 (no limit) outside a REST request. */
    long statementTimeoutMillis() {
        if (!Arc.container().requestContext().isActive() || CurrentRequestManager.get() == null) {
            return 0; // not serving a REST request on this thread now (a job, a consumer, a migration)
        }
        Long at = deadline.at;
        return at == null ? 0 : Math.max(1, Duration.ofNanos(at - System.nanoTime()).toMillis());
    }

    /** The cap, in whole seconds, for the answer's detail. */
    long capSeconds() {
        return Math.max(1, cap.toSeconds());
    }

    /** Whether a failure is a statement the cap cancelled, anywhere in its causes. */
    static boolean cancelledByCap(Throwable failure) {
        return cancelledByCap(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** Through causes and suppressed exceptions: a failed commit carries the statement's failure as a suppressed one. */
    private static boolean cancelledByCap(Throwable t, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (cancelledByCap(suppressed, seen)) {
                return true;
            }
        }
        return cancelledByCap(t.getCause(), seen);
    }

    void cancelled(String path) {
        metrics.counter("http.requests.cancelled").increment();
        LOG.warnf("%s answered 503: the request ran past its limit of %d s and was cancelled", path, capSeconds());
    }
}
