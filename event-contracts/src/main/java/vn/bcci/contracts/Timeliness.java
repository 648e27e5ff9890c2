package vn.bcci.contracts;

import java.time.Instant;

/**
 * How a resolved dossier stands against its due date (docs/domain.md §6–§7): a result released on or before the due date is
 * on time, after it late; released on a (Vietnam) calendar day before the due date's day, it counts as early
 * ("trước hạn"), the report forms' third column. The one place for this rule.
 */
public enum Timeliness {
    EARLY,
    ON_TIME,
    LATE;

    /** {@code null} while the dossier is not resolved or has no due date. */
    public static Timeliness of(Instant finishedAt, Instant dueAt) {
        if (finishedAt == null || dueAt == null) {
            return null;
        }
        if (finishedAt.isAfter(dueAt)) {
            return LATE;
        }
        return finishedAt.atZone(VietnamTime.ZONE).toLocalDate().isBefore(dueAt.atZone(VietnamTime.ZONE).toLocalDate())
                ? EARLY
                : ON_TIME;
    }

    /** Early and on time both count towards the on-time rate. */
    public boolean inTime() {
        return this != LATE;
    }
}
