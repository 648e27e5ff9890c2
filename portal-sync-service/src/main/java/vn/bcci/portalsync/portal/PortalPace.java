package vn.bcci.portalsync.portal;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The portal's agreed rate ({@code portal.max-calls-per-second}) as one budget for every instance: each call first takes
 * the next free slot of one row in our database ({@code portal_pace}), slots spaced {@code 1 / (rate × headroom)} apart
 * on the database's clock, and waits for it. Slots are never banked (an idle minute buys no burst), so any second holds
 * at most the agreed number of calls, with {@code portal.pace-headroom} (90 %) left for the network's jitter. When the
 * portal answers 429 or busy ({@code 9}), {@link #pauseAll} pushes every instance's next slot past the wait it asked
 * for. One short transaction per call, whatever the caller's.
 */
@ApplicationScoped
public class PortalPace {
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    private final PortalStore store;
    private final double spacingSeconds;
    private final Counter pauses;

    public PortalPace(PortalStore store, PortalConfig config, MeterRegistry metrics) {
        this.store = store;
        this.spacingSeconds = 1.0 / (Math.max(1, config.maxCallsPerSecond()) * config.paceHeadroom());
        this.pauses = Counter.builder("portal.pauses").description("times the portal asked every instance to slow "
                + "down (429 or busy)").register(metrics);
    }

    /**
     * Waits for this call's slot, at most {@link #LONGEST_WAIT}: a slot further away (many instances queued, or a long
     * pause the portal asked for) ends the caller's round instead, so that no claim outlives its lease waiting.
     */
    public void awaitSlot() throws PortalUnavailable {
        long waitMillis = QuarkusTransaction.requiringNew().call(() -> store.takeSlot(spacingSeconds));
        if (waitMillis > LONGEST_WAIT.toMillis()) {
            throw PortalUnavailable.paced(Duration.ofMillis(waitMillis));
        }
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every instance's next call waits at least {@code wait} from now. */
    public void pauseAll(Duration wait) {
        pauses.increment();
        QuarkusTransaction.requiringNew().run(() -> store.pauseAll(wait.toMillis() / 1000.0));
    }
}
