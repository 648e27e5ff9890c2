package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimelinessTest {
    /** Due Wednesday 25 Nov 2026, 10:00 in Vietnam (03:00 UTC). */
    private static final Instant DUE = Instant.parse("2026-11-25T03:00:00Z");

    @Test
    void aResultOnAnEarlierDayIsEarlyOnTheDueDayOnTimeAfterItLate() {
        assertEquals(Timeliness.EARLY, Timeliness.of(Instant.parse("2026-11-24T09:00:00Z"), DUE));
        // 23:30 on the 24th in Vietnam is 16:30 UTC: still the day before
        assertEquals(Timeliness.EARLY, Timeliness.of(Instant.parse("2026-11-24T16:30:00Z"), DUE));
        // 06:00 on the 25th in Vietnam is 23:00 UTC on the 24th: the due day
        assertEquals(Timeliness.ON_TIME, Timeliness.of(Instant.parse("2026-11-24T23:00:00Z"), DUE));
        assertEquals(Timeliness.ON_TIME, Timeliness.of(DUE, DUE));
        assertEquals(Timeliness.LATE, Timeliness.of(DUE.plusSeconds(1), DUE));
    }

    @Test
    void unresolvedHasNone() {
        assertNull(Timeliness.of(null, DUE));
        assertNull(Timeliness.of(DUE, null));
    }

    @Test
    void earlyAndOnTimeCountAsInTime() {
        assertTrue(Timeliness.EARLY.inTime());
        assertTrue(Timeliness.ON_TIME.inTime());
        assertFalse(Timeliness.LATE.inTime());
    }
}
