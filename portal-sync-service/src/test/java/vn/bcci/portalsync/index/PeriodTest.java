package vn.bcci.portalsync.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import vn.bcci.support.problem.ProblemException;

class PeriodTest {

    @Test
    void aMonthAQuarterAndAYearWithTheOneBefore() {
        assertEquals(new Period("2026-11", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                Period.parse("period", "2026-11"));
        assertEquals(new Period("2025-12", LocalDate.of(2025, 12, 1), LocalDate.of(2026, 1, 1)),
                Period.parse("period", "2026-01").previous());
        assertEquals(new Period("2026-Q4", LocalDate.of(2026, 10, 1), LocalDate.of(2027, 1, 1)),
                Period.parse("period", " 2026-Q4 "));
        assertEquals(new Period("2025-Q4", LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 1)),
                Period.parse("period", "2026-Q1").previous());
        assertEquals("2026-Q2", Period.parse("period", "2026-Q3").previous().name());
        assertEquals(new Period("2025", LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)),
                Period.parse("period", "2026").previous());
        assertEquals("2026-12", Period.monthOf(LocalDate.of(2026, 12, 7)).name());
    }

    @Test
    void anythingElseIsRefusedNamingTheField() {
        for (String bad : new String[]{"", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26", "1999", "2100-01",
                "2026-11-01", "Q4-2026", null}) {
            ProblemException e = assertThrows(ProblemException.class, () -> Period.parse("period", bad), bad);
            assertEquals("period " + Period.RULE, e.getMessage());
        }
    }
}
