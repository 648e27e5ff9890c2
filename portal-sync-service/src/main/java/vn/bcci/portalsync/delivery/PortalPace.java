package vn.bcci.portalsync.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
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
    private final AgroalDataSource dataSource;
    private final double spacingSeconds;
    private final Counter pauses;

    public PortalPace(AgroalDataSource dataSource, PortalConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.spacingSeconds = 1.0 / (Math.max(1, config.maxCallsPerSecond()) * config.paceHeadroom());
        this.pauses = Counter.builder("portal.pauses").description("times the portal asked every instance to slow "
                + "down (429 or busy)").register(metrics);
    }

    /**
     * Waits for this call's slot, at most {@link #LONGEST_WAIT}: a slot further away (many instances queued, or a long
     * pause the portal asked for) ends the caller's round instead, so that no claim outlives its lease waiting.
     */
    public void awaitSlot() throws PortalUnavailable {
        long waitMillis = QuarkusTransaction.requiringNew().call(this::takeSlot);
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
        QuarkusTransaction.requiringNew().run(() -> update("UPDATE portal_pace SET paused_until = "
                + "greatest(paused_until, clock_timestamp() + make_interval(secs => ?)) WHERE id = 1",
                wait.toMillis() / 1000.0));
    }

    private long takeSlot() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE portal_pace SET next_slot = greatest(next_slot, "
                        + "clock_timestamp(), paused_until) + make_interval(secs => ?) WHERE id = 1 "
                        + "RETURNING ceil(extract(epoch FROM next_slot - clock_timestamp()) * 1000 - ? * 1000)")) {
            ps.setDouble(1, spacingSeconds);
            ps.setDouble(2, spacingSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("portal_pace has no row: migration V6 not applied");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take a slot of the portal's rate: " + e.getMessage(), e);
        }
    }

    private void update(String sql, double seconds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, seconds);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot pause the portal's calls: " + e.getMessage(), e);
        }
    }
}
