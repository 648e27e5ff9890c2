package vn.bcci.messaging.retry;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@link RetryTransient} interceptor, and what counts as transient: SQL states of class 08 (connection), 40001 and
 * 40P01 (serialization failure, deadlock), 53 (insufficient resources), 57P (server shutting down), the JDBC transient
 * and recoverable exceptions, lock and query timeouts, the pool's acquisition timeout, the broker not taking a dead
 * letter ({@code DeadLetters.Unavailable}, Kafka's retriable errors) and a database not migrated yet
 * ({@code DatabaseMigration.NotYet}), both a {@link TransientCondition}. Retries back off from 200 ms to 3 s,
 * without limit: the event is good, the dependency will come back, and the consumer resumes within seconds when it does. The connector's limit on a record
 * waiting for its acknowledgement is off (the messaging module's {@code microprofile-config.properties}), so a long
 * outage never fails the channel: readiness tells it instead (the datasource's and the broker's checks). Counted in
 * {@code consumer_transient_retries_total{method}}.
 */
@RetryTransient
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class TransientFailures {
    private static final Logger LOG = Logger.getLogger(TransientFailures.class);
    /** Capped short, so that a consumer resumes within seconds of its dependency's return. */
    public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3));
    private static final Set<String> TRANSIENT_CLASSES = Set.of("PessimisticLockException", "LockTimeoutException",
            "OptimisticLockException", "QueryTimeoutException", "JDBCConnectionException", "LockAcquisitionException",
            "PessimisticLockingFailureException");

    private final MeterRegistry metrics;

    public TransientFailures(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @AroundInvoke
    Object retry(InvocationContext invocation) throws Exception {
        String method = invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                + invocation.getMethod().getName();
        for (int attempt = 1;; attempt++) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                if (!isTransient(e)) {
                    throw e;
                }
                metrics.counter("consumer.transient.retries", "method", method).increment();
                Duration backoff = BACKOFF.after(attempt);
                LOG.warnf("%s: transient failure (attempt %d: %s); retrying in %d ms", method, attempt,
                        rootMessage(e), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
            }
        }
    }

    /**
     * Whether a failure is our infrastructure's, worth retrying, rather than the event's or the code's: anywhere in its
     * causes or their suppressed exceptions (a commit that fails because the database went away is a
     * {@code RollbackException} whose connection error is only a suppressed one: found by OutageTest, where it was
     * answered 500 instead of 503).
     */
    public static boolean isTransient(Throwable failure) {
        return isTransient(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static boolean isTransient(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof TransientCondition
                || t instanceof org.apache.kafka.common.errors.RetriableException
                || TRANSIENT_CLASSES.contains(t.getClass().getSimpleName())) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                    || state.startsWith("53") || state.startsWith("57P"))) {
                return true;
            }
            // Agroal's pool, every connection taken past its acquisition-timeout: "Sorry, acquisition timeout!" (the
            // capital A once written here never matched: PoolExhaustedTest, a 500 instead of a 503)
            if (state == null && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isTransient(suppressed, seen)) {
                return true;
            }
        }
        return isTransient(t.getCause(), seen);
    }

    /** The innermost cause, as {@code SimpleName: message}: what a log line about a failure says. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
