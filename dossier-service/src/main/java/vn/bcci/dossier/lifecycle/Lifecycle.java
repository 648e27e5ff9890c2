package vn.bcci.dossier.lifecycle;

import java.time.Duration;
import java.time.Instant;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.calendar.WorkingCalendar;

/**
 * What a status change does to a dossier's dates (docs/domain.md §3 and §6), in one place. Framework-free.
 *
 * <ul>
 * <li>accepted (2): the legal clock starts; due = the close of the procedure's n-th working day after acceptance
 * ({@link WorkingCalendar#dueAfter});</li>
 * <li>supplement requested (5): the clock stops, keeping the working days left;</li>
 * <li>supplement received (5 → 4): the clock restarts with the days left, from the day it restarts;</li>
 * <li>result ready (9): processing finished; on time when on or before the due date;</li>
 * <li>result returned (10): the return date;</li>
 * <li>an apology slip ({@code newDueAt}) re-dates the dossier to the close of the working day it names, whatever
 * the status move.</li>
 * </ul>
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /** The due date before and after a change, and why it moved ({@code null} reason when it did not). */
    public record DueChange(Instant before, Instant after, String reason) {
        public boolean moved() {
            return reason != null;
        }
    }

    /**
     * Applies a permitted move (or, with {@code to} equal to the current status, an apology slip alone).
     *
     * @param processingDays the procedure's processing time in working days
     */
    public static DueChange apply(Dossier d, DossierStatus to, Instant at, Instant newDueAt, int processingDays,
            WorkingCalendar calendar) {
        Instant before = d.dueAt;
        String reason = null;
        DossierStatus from = d.status;
        switch (to) {
            case ACCEPTED -> {
                d.acceptedAt = at;
                d.dueAt = calendar.dueAfter(at, processingDays);
                reason = "accepted: " + processingDays + " working days";
            }
            case SUPPLEMENT_REQUESTED -> {
                if (d.dueAt != null && d.clockPausedAt == null) {
                    d.clockPausedAt = at;
                    d.remainingSeconds = Duration.ofDays(calendar.workingDaysLeft(at, d.dueAt)).toSeconds();
                }
            }
            case IN_PROGRESS -> {
                if (from == DossierStatus.SUPPLEMENT_REQUESTED && d.clockPausedAt != null) {
                    d.dueAt = calendar.dueAfter(at, (int) Duration.ofSeconds(d.remainingSeconds).toDays());
                    d.clockPausedAt = null;
                    d.remainingSeconds = null;
                    reason = "supplement received: the clock restarts with the time left";
                }
            }
            case RESULT_READY -> d.finishedAt = at;
            case RESULT_RETURNED -> d.returnedAt = at;
            default -> {
                // refusal, withdrawal, stop, payment request: dates unchanged
            }
        }
        if (to != from) {
            d.status = to;
            d.lastTransitionAt = at;
        }
        if (newDueAt != null) { // the slip names a working day (checked by the caller): due at its close
            d.dueAt = calendar.closeOf(newDueAt.atZone(WorkingCalendar.VIETNAM).toLocalDate());
            reason = "apology slip: new appointment date";
        }
        return new DueChange(before, d.dueAt, reason);
    }
}
