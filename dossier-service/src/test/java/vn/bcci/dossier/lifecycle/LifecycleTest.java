package vn.bcci.dossier.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.calendar.WorkingCalendar;

/** What each move does to a dossier's dates (docs/domain.md §3, §6), without a database. */
class LifecycleTest {
    /** 2026-12-01 is a working Tuesday; the 2nd, a holiday of this test's calendar. */
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(Map.of(LocalDate.parse("2026-12-02"),
            "a holiday"));

    private static Instant vn(String local) {
        return LocalDateTime.parse(local).atZone(WorkingCalendar.VIETNAM).toInstant();
    }

    private static Dossier submitted() {
        Dossier d = new Dossier();
        d.code = "000.00.01.H22-261201-0001";
        d.status = DossierStatus.SUBMITTED;
        d.submittedAt = vn("2026-11-30T08:00");
        return d;
    }

    @Test
    void acceptanceStartsTheClockAtTheCloseOfTheNthWorkingDay() {
        Dossier d = submitted();
        Lifecycle.DueChange due = Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-01T10:00"), null, 2,
                CALENDAR);
        // Wednesday 2nd is a holiday: Thursday 3rd, Friday 4th
        assertEquals(vn("2026-12-04T17:00"), d.dueAt);
        assertEquals(vn("2026-12-01T10:00"), d.acceptedAt);
        assertTrue(due.moved());
        assertNull(due.before());
        assertEquals(DossierStatus.ACCEPTED, d.status);
        assertEquals(vn("2026-12-01T10:00"), d.lastTransitionAt);
    }

    @Test
    void aSupplementStopsTheClockAndItsReceiptGivesTheDaysLeftFromTheRestart() {
        Dossier d = submitted();
        // Thursday 3rd, Friday 4th, Monday 7th, Tuesday 8th, Wednesday 9th (the 2nd is a holiday)
        Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-01T10:00"), null, 5, CALENDAR);
        assertEquals(vn("2026-12-09T17:00"), d.dueAt);
        Lifecycle.DueChange stop = Lifecycle.apply(d, DossierStatus.SUPPLEMENT_REQUESTED, vn("2026-12-03T15:00"),
                null, 5, CALENDAR);
        assertFalse(stop.moved(), "stopping the clock does not move the due date");
        assertEquals(vn("2026-12-03T15:00"), d.clockPausedAt);
        // left after Thursday 3rd: Friday 4th, Monday 7th, Tuesday 8th, Wednesday 9th
        Lifecycle.DueChange restart = Lifecycle.apply(d, DossierStatus.IN_PROGRESS, vn("2026-12-14T09:00"), null, 5,
                CALENDAR);
        assertTrue(restart.moved());
        assertEquals(vn("2026-12-18T17:00"), d.dueAt, "four working days after Monday 14th");
        assertNull(d.clockPausedAt);
        assertNull(d.remainingSeconds);
    }

    @Test
    void aSecondSupplementRequestWhileStoppedKeepsTheFirstStop() {
        Dossier d = submitted();
        Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-01T10:00"), null, 5, CALENDAR);
        Lifecycle.apply(d, DossierStatus.SUPPLEMENT_REQUESTED, vn("2026-12-03T15:00"), null, 5, CALENDAR);
        Long left = d.remainingSeconds;
        d.status = DossierStatus.SUPPLEMENT_REQUESTED;
        Lifecycle.apply(d, DossierStatus.SUPPLEMENT_REQUESTED, vn("2026-12-07T15:00"), null, 5, CALENDAR);
        assertEquals(vn("2026-12-03T15:00"), d.clockPausedAt);
        assertEquals(left, d.remainingSeconds);
    }

    @Test
    void resultReadyAndReturnedRecordTheirTimes() {
        Dossier d = submitted();
        Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-01T10:00"), null, 5, CALENDAR);
        Lifecycle.apply(d, DossierStatus.IN_PROGRESS, vn("2026-12-01T11:00"), null, 5, CALENDAR);
        Lifecycle.DueChange ready = Lifecycle.apply(d, DossierStatus.RESULT_READY, vn("2026-12-04T11:00"), null, 5,
                CALENDAR);
        assertFalse(ready.moved());
        assertEquals(vn("2026-12-04T11:00"), d.finishedAt);
        Lifecycle.apply(d, DossierStatus.RESULT_RETURNED, vn("2026-12-05T09:00"), null, 5, CALENDAR);
        assertEquals(vn("2026-12-05T09:00"), d.returnedAt);
        assertEquals(DossierStatus.RESULT_RETURNED, d.status);
    }

    @Test
    void anApologySlipReDatesToTheCloseOfTheDayItNamesWithoutAMove() {
        Dossier d = submitted();
        Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-01T10:00"), null, 1, CALENDAR);
        Instant lastMove = d.lastTransitionAt;
        Lifecycle.DueChange apology = Lifecycle.apply(d, DossierStatus.ACCEPTED, vn("2026-12-03T09:00"),
                vn("2026-12-10T08:30"), 1, CALENDAR);
        assertTrue(apology.moved());
        assertEquals(vn("2026-12-10T17:00"), d.dueAt);
        assertEquals(DossierStatus.ACCEPTED, d.status);
        assertEquals(lastMove, d.lastTransitionAt, "an apology alone is not a status change");
    }

    @Test
    void refusalWithdrawalAndStopLeaveTheDatesAlone() {
        for (DossierStatus to : new DossierStatus[]{DossierStatus.REJECTED, DossierStatus.WITHDRAWN}) {
            Dossier d = submitted();
            Lifecycle.DueChange change = Lifecycle.apply(d, to, vn("2026-12-01T10:00"), null, 5, CALENDAR);
            assertFalse(change.moved());
            assertNull(d.dueAt);
            assertNull(d.acceptedAt);
            assertEquals(to, d.status);
        }
    }
}
