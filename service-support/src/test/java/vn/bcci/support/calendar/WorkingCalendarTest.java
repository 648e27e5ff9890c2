package vn.bcci.support.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {
    private static WorkingCalendar calendar;

    @BeforeAll
    static void load() throws Exception {
        calendar = WorkingCalendar.fromCsv(WorkingCalendarTest.class.getResourceAsStream("/calendar/vn-holidays.csv"));
    }

    private static Instant vn(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.VIETNAM).toInstant();
    }

    @Test
    void skipsTheWeekend() {
        // Friday 2026-11-20 10:00 + 1 working day = Monday 2026-11-23 10:00
        assertEquals(vn("2026-11-23T10:00"), calendar.addWorkingDays(vn("2026-11-20T10:00"), 1));
    }

    @Test
    void skipsTetAndItsWeekends() {
        // Thursday 2026-02-12 + 3 working days: Fri 13, (Tết 16-20 and two weekends), Mon 23, Tue 24
        assertEquals(vn("2026-02-24T09:00"), calendar.addWorkingDays(vn("2026-02-12T09:00"), 3));
        assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-02-17")));
    }

    @Test
    void acceptanceOnAHolidayCountsFromTheNextWorkingDay() {
        // accepted on National Day 2026-09-02 at 15:00: counting starts Thursday 3rd at 00:00
        assertEquals(vn("2026-09-04T00:00"), calendar.addWorkingDays(vn("2026-09-02T15:00"), 1));
    }

    @Test
    void aSupplementPauseKeepsTheRemainingTimeAndAddsItBackOnRestart() {
        Instant accepted = vn("2026-11-16T10:00"); // Monday
        Instant due = calendar.addWorkingDays(accepted, 5); // Monday 23rd 10:00
        assertEquals(vn("2026-11-23T10:00"), due);
        Instant paused = vn("2026-11-18T16:00"); // Wednesday: 2 working days and 18 h of clock remain
        Duration remaining = calendar.workingTimeBetween(paused, due);
        assertEquals(Duration.ofDays(2).plusHours(18), remaining);
        // the citizen supplies the papers the next Monday at 08:00
        Instant restarted = vn("2026-11-30T08:00");
        assertEquals(vn("2026-12-03T02:00"), calendar.addWorkingTime(restarted, remaining));
    }

    @Test
    void readsItsTableWithTheDaysNamed() {
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-11-23")));
        assertFalse(calendar.isWorkingDay(LocalDate.parse("2027-02-09")));
        ZonedDateTime z = vn("2025-01-28T00:00").atZone(WorkingCalendar.VIETNAM);
        assertFalse(calendar.isWorkingDay(z.toLocalDate()));
    }
}
