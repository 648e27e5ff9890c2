package vn.bcci.support.quota;

import java.util.Locale;

/**
 * The doors a client's quota is counted at, each with its own rate and burst ({@code bcci.quota.<door>.*}). A resource
 * names its door with {@link Quota}; without it a read ({@code GET}, {@code HEAD}) counts at {@link #READS} and
 * anything else at {@link #WRITES}.
 */
public enum Door {
    /** Registrations, transitions and every other change a client asks for: a request each. */
    WRITES,
    /** Lists, pages and lookups: a request each. */
    READS,
    /** VNPost's pushed tracking events: an event each (a push of 50 events costs 50). */
    PUSHES,
    /** The change feed and its stream: a request or a stream opened each. */
    FEED,
    /** The operator console's API (alerts, reports, sync views, audit, reconciliation): a request each. */
    CONSOLE;

    /** The name in configuration and in the RateLimit headers: {@code writes}, {@code reads}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
