package vn.bcci.messaging.jobs;

import java.time.Duration;

/**
 * What every service's retention mapping ({@code retention.*}) holds: how often the purge runs, how long the shared
 * tables keep their rows, and when an ended dossier's personal data goes. A service's mapping extends it with its own
 * tables' times.
 */
public interface RetentionSettings {
    /** How often the purge runs (once across instances). */
    Duration every();

    /** How long after the start the first purge runs (read by the scheduler as {@code ${retention.first-after}}). */
    Duration firstAfter();

    /** How long inbox rows are kept: longer than the broker keeps the records they stand for. */
    Duration inbox();

    /** How long after a dossier ended its applicant's personal data is kept (Decree 13/2023/NĐ-CP). */
    Duration personalData();
}
