package vn.bcci.messaging.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        Instant at = Instant.parse("2026-12-07T06:30:00.123Z");
        UUID id = UUID.fromString(EventIds.at(at));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(at.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        Instant t = Instant.parse("2026-12-07T06:30:00Z");
        String previous = EventIds.at(t);
        for (int ms = 1; ms < 5_000; ms += 7) {
            String next = EventIds.at(t.plusMillis(ms));
            assertTrue(next.compareTo(previous) > 0, next + " sorts before " + previous);
            previous = next;
        }
    }

    @Test
    void idsOfOneMillisecondDoNotRepeat() {
        Instant t = Instant.parse("2026-12-07T06:30:00Z");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(EventIds.at(t)), "repeated after " + i);
        }
    }
}
