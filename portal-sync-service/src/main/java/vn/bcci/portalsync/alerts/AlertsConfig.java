package vn.bcci.portalsync.alerts;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code alerts.}: the due-soon watch's schedule ({@link DueSoonWatch}). */
@ConfigMapping(prefix = "alerts")
public interface AlertsConfig {
    DueSoon dueSoon();

    interface DueSoon {
        /** How often the watch runs (once across instances); read by the scheduler too. */
        @WithDefault("5m")
        Duration every();

        /** How long after the start it first runs (read by the scheduler). */
        @WithDefault("30s")
        Duration firstAfter();
    }
}
