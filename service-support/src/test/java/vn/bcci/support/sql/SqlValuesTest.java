package vn.bcci.support.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SqlValuesTest {
    private static final Instant AT = Instant.parse("2026-12-07T01:02:03.456789Z");

    @Test
    void aTimestampColumnIsTheSameInstantWhateverTypeTheDriverHandsOut() {
        assertEquals(AT, SqlValues.instant(AT));
        assertEquals(AT, SqlValues.instant(OffsetDateTime.ofInstant(AT, ZoneOffset.ofHours(7))));
        assertEquals(AT, SqlValues.instant(Timestamp.from(AT)));
        assertNull(SqlValues.instant(null));
    }
}
