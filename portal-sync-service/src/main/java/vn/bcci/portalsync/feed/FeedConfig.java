package vn.bcci.portalsync.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code feed.}: how the feed's stream follows new entries ({@link FeedResource}). */
@ConfigMapping(prefix = "feed")
public interface FeedConfig {
    Stream stream();

    interface Stream {
        /** How often an open stream looks for entries newer than its last. */
        @WithDefault("PT0.5S")
        Duration poll();
    }
}
