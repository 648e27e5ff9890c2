package vn.bcci.contracts.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void workingTimeCountsTheOfficeHoursOfWorkingDaysOnly() {
        // Friday 2026-11-20 10:00 → Monday 23rd 09:30: 2 h + 4 h on Friday, the weekend not, 1.5 h on Monday
        assertEquals((2 + 4) * 3600 + 90 * 60, calendar.workingSeconds(vn("2026-11-20T10:00"), vn("2026-11-23T09:30")));
        // within the lunch break, at night, on a Sunday: nothing
        assertEquals(0, calendar.workingSeconds(vn("2026-11-20T12:10"), vn("2026-11-20T12:50")));
        assertEquals(0, calendar.workingSeconds(vn("2026-11-20T18:00"), vn("2026-11-21T07:00")));
        assertEquals(0, calendar.workingSeconds(vn("2026-11-22T08:00"), vn("2026-11-22T17:00")));
        // a whole working week is five working days; Tết's week of 2026 (16–20 February) none
        assertEquals(5 * WorkingCalendar.WORKING_DAY_SECONDS,
                calendar.workingSeconds(vn("2026-11-23T00:00"), vn("2026-11-30T00:00")));
        assertEquals(0, calendar.workingSeconds(vn("2026-02-16T00:00"), vn("2026-02-21T00:00")));
        // backwards or empty
        assertEquals(0, calendar.workingSeconds(vn("2026-11-23T10:00"), vn("2026-11-23T09:00")));
    }

    @Test
    void aDueDateIsTheCloseOfTheNthWorkingDayAfterTheDayOfAcceptance() {
        // Friday 2026-11-20 10:00 + 1 working day: the close of Monday 23rd
        assertEquals(vn("2026-11-23T17:00"), calendar.dueAfter(vn("2026-11-20T10:00"), 1));
        // accepted late in the evening: the same day counts as the day of acceptance, never a night due date
        assertEquals(vn("2026-11-23T17:00"), calendar.dueAfter(vn("2026-11-20T22:30"), 1));
    }

    @Test
    void skipsTetAndItsWeekends() {
        // Thursday 2026-02-12 + 3 working days: Fri 13, (Tết 16-20 and two weekends), Mon 23, Tue 24
        assertEquals(vn("2026-02-24T17:00"), calendar.dueAfter(vn("2026-02-12T09:00"), 3));
        assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-02-17")));
    }

    @Test
    void acceptanceOnAHolidayCountsTheWorkingDaysAfterIt() {
        // accepted on National Day 2026-09-02 at 15:00; Thursday 3rd is the first working day after it
        assertEquals(vn("2026-09-03T17:00"), calendar.dueAfter(vn("2026-09-02T15:00"), 1));
        // on a Saturday, 3 days: Mon 30th, Tue 1st, Wed 2nd of December
        assertEquals(vn("2026-12-02T17:00"), calendar.dueAfter(vn("2026-11-28T09:00"), 3));
    }

    @Test
    void noDueDateFallsAtNightOrOnADayOff() {
        java.util.Random random = new java.util.Random(6);
        for (int i = 0; i < 2_000; i++) {
            Instant start = vn("2025-01-01T00:00").plusSeconds(random.nextLong(2L * 365 * 86_400));
            Instant due = calendar.dueAfter(start, random.nextInt(31));
            ZonedDateTime z = due.atZone(WorkingCalendar.VIETNAM);
            assertTrue(calendar.isWorkingDay(z.toLocalDate()), start + " → " + z);
            assertEquals(WorkingCalendar.CLOSE, z.toLocalTime(), start + " → " + z);
            assertTrue(due.isAfter(start), start + " → " + z);
        }
    }

    @Test
    void aSupplementPauseKeepsTheWorkingDaysLeftAndGivesThemFromTheRestart() {
        Instant accepted = vn("2026-11-16T10:00"); // Monday
        Instant due = calendar.dueAfter(accepted, 5); // the close of Monday 23rd
        assertEquals(vn("2026-11-23T17:00"), due);
        Instant paused = vn("2026-11-18T16:00"); // Wednesday: Thursday, Friday and Monday are left
        assertEquals(3, calendar.workingDaysLeft(paused, due));
        // the citizen supplies the papers the next Monday at 08:00: Tuesday, Wednesday, Thursday
        assertEquals(vn("2026-12-03T17:00"), calendar.dueAfter(vn("2026-11-30T08:00"), 3));
        // paused on the due day itself: nothing is left, due at the close of the day it restarts
        assertEquals(0, calendar.workingDaysLeft(vn("2026-11-23T09:00"), due));
        assertEquals(vn("2026-11-30T17:00"), calendar.dueAfter(vn("2026-11-30T08:00"), 0));
        assertEquals(vn("2026-12-01T17:00"), calendar.dueAfter(vn("2026-11-30T18:00"), 0));
    }

    @Test
    void aPostalItemsTargetKeepsItsTimeOfDay() {
        assertEquals(vn("2026-11-23T10:00"), calendar.addWorkingDays(vn("2026-11-20T10:00"), 1));
    }

    @Test
    void readsItsTableWithTheDaysNamed() {
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-11-23")));
        assertFalse(calendar.isWorkingDay(LocalDate.parse("2027-02-09")));
        ZonedDateTime z = vn("2025-01-28T00:00").atZone(WorkingCalendar.VIETNAM);
        assertFalse(calendar.isWorkingDay(z.toLocalDate()));
    }
}
