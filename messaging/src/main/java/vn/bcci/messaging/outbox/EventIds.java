package vn.bcci.messaging.outbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids in time order: UUID version 7 (RFC 9562), the first 48 bits the milliseconds since the epoch, then 74
 * random bits. Every consumer's inbox is keyed by {@code (consumer, event id)}; with random ids each insert lands on a
 * random leaf of an index that holds the broker's whole redelivery window (gigabytes at national volume, mostly out of
 * memory), while ids in time order land on the few recent leaves, and the purge by age empties whole leaves at the
 * other end.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /** A new id for an event recorded now. */
    public static String next() {
        return at(Instant.now());
    }

    /** A new id whose time part is {@code time} (to the millisecond). */
    public static String at(Instant time) {
        long millis = time.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
