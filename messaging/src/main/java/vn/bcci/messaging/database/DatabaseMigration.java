package vn.bcci.messaging.database;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import vn.bcci.messaging.retry.Backoff;
import vn.bcci.messaging.retry.TransientCondition;
import vn.bcci.messaging.retry.TransientFailures;

/**
 * Every service's Flyway migrations, run at start like {@code migrate-at-start} would, but without failing the start
 * when PostgreSQL is not up yet: the service starts live and not ready, tries again with backoff (up to 5 s apart),
 * and becomes ready once the migration went through. Until then consumers wait ({@link #awaitMigrated}) and REST calls
 * are answered 503 (service-support's problem mapping). Readiness check {@code database-migrated}.
 */
@ApplicationScoped
public class DatabaseMigration {
    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
    private static volatile boolean migrated;

    @Inject
    Instance<Flyway> flyway;
    private final CountDownLatch done = new CountDownLatch(1);

    /** Not migrated yet: the database has not been reachable since the start. Transient by nature. */
    public static final class NotYet extends TransientCondition {
        NotYet() {
            super("the database is not migrated yet (not reachable since the start)", null);
        }
    }

    /** First among the start's observers, so that loops and schedules that start with it find their tables. */
    void onStart(
            @Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ignored) {
        if (flyway.isUnsatisfied()) {
            finished();
            return;
        }
        if (attempt(1)) { // the usual case: the database is there, migrate before the first request
            return;
        }
        Thread retry = new Thread(() -> {
            for (int failures = 1; !attempt(failures + 1); failures++) {
                try {
                    Thread.sleep(BACKOFF.after(failures).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "database-migration");
        retry.setDaemon(true);
        retry.start();
    }

    private boolean attempt(int attempt) {
        try {
            flyway.get().migrate();
            finished();
            if (attempt > 1) {
                LOG.infof("database migrated on attempt %d: ready", attempt);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("database not migrated (attempt %d): %s; the service waits for it and is not ready", attempt,
                    TransientFailures.rootMessage(e));
            return false;
        }
    }

    private void finished() {
        migrated = true;
        done.countDown();
    }

    /** Whether the database of this service has been migrated since the start. */
    public static boolean migrated() {
        return migrated;
    }

    /** Waits (at most a few seconds) until the database is migrated; throws {@link NotYet} for the caller's retry. */
    public void awaitMigrated() {
        try {
            if (!done.await(5, TimeUnit.SECONDS)) {
                throw new NotYet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotYet();
        }
    }

    /** Readiness: DOWN until the database is migrated. */
    @ApplicationScoped
    @Readiness
    public static class Check implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("database-migrated").status(migrated).build();
        }
    }
}
