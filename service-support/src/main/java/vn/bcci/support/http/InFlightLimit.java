package vn.bcci.support.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The bound on work waiting in an instance: at most {@code bcci.http.max-in-flight} API requests (default 200, the
 * worker pool's size) are being served or queued for a worker thread at once; one more is answered at once
 * {@code 503} problem+json with {@code Retry-After: 1}, before it is read or queued, instead of waiting behind the
 * others in the worker pool's unbounded queue. Health, metrics and the console's files ({@code /q/}, static) are never
 * counted nor refused, so probes answer under any load; feed streams neither (each client's are capped by its quota).
 * {@code http_requests_in_flight} is the gauge, {@code http_requests_shed_total} the refusals.
 */
@ApplicationScoped
public class InFlightLimit {
    private static final Logger LOG = Logger.getLogger(InFlightLimit.class);
    private static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"this instance is serving as many requests as it takes (%d); nothing was kept; retry in "
            + "1 s\"}";

    @ConfigProperty(name = "bcci.http.max-in-flight", defaultValue = "200")
    int max;
    @Inject
    MeterRegistry metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong();

    void register(@Observes Filters filters) {
        filters.register(this::admit, 9_000);
    }

    void gauges(@Observes StartupEvent start) {
        metrics.gauge("http.requests.in.flight", inFlight);
        metrics.more().counter("http.requests.shed", java.util.List.of(), shed);
    }

    private void admit(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith("/api/") || path.endsWith("/stream")) {
            rc.next();
            return;
        }
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            long refused = shed.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last > 10_000_000_000L && lastLogged.compareAndSet(last, now)) {
                LOG.warnf("shedding load: %d API requests in flight (bcci.http.max-in-flight); %d refused so far",
                        max, refused);
            }
            rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader("Retry-After", "1").end(BODY.formatted(max));
            return;
        }
        rc.addEndHandler(done -> inFlight.decrementAndGet());
        rc.next();
    }
}
