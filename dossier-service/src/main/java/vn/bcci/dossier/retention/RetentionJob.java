package vn.bcci.dossier.retention;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.messaging.jobs.Retention;

/**
 * What dossier-service keeps, and for how long (docs/runbook.md, "Retention"): the inbox past the broker's
 * redelivery window, idempotency keys past any client's retries, a dossier's timeline for {@code retention.timeline}
 * after the dossier ended. The dossier's own row stays, but {@code retention.personal-data} after it ended the
 * applicant's name is reduced to initials and the ID number, phone, e-mail and address (but the province) are erased,
 * with a timeline entry saying so (docs/domain.md §8).
 */
@ApplicationScoped
public class RetentionJob {
    /** Initials of each word of a name: "Nguyễn Văn An" → "N. V. A.". */
    static final String INITIALS = "regexp_replace(trim(applicant_name), '(\\S)\\S*', '\\1.', 'g')";

    /** One batch of ended dossiers past the cutoff loses its applicant's personal data; each gets a timeline entry. */
    static final String ERASE = "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS cutoff), erased AS (UPDATE dossier SET "
            + "applicant_name = " + INITIALS + ", applicant_id_number = NULL, applicant_phone = NULL, "
            + "applicant_email = NULL, address_line = NULL, address_ward = NULL, address_district = NULL, "
            + "personal_data_erased_at = now() WHERE code IN (SELECT d.code FROM c, dossier d WHERE "
            + "d.personal_data_erased_at IS NULL AND d.status IN " + DossierStatus.TERMINAL_SQL
            + " AND d.last_transition_at < c.cutoff ORDER BY d.last_transition_at LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "RETURNING code) INSERT INTO timeline_entry (dossier_code, at, kind, source, title) SELECT code, now(), "
            + "'PERSONAL_DATA', 'dossier-service', 'Personal data erased: retention ended (Decree 13/2023/NĐ-CP)' "
            + "FROM erased";

    private final Retention retention;
    private final Duration every;
    private final List<Retention.Rule> rules;

    public RetentionJob(Retention retention, @ConfigProperty(name = "retention.every") Duration every,
            @ConfigProperty(name = "retention.inbox") Duration inbox,
            @ConfigProperty(name = "retention.idempotency-keys") Duration idempotencyKeys,
            @ConfigProperty(name = "retention.timeline") Duration timeline,
            @ConfigProperty(name = "retention.personal-data") Duration personalData) {
        this.retention = retention;
        this.every = every;
        this.rules = List.of(Retention.inbox(inbox),
                new Retention.Rule("idempotency_key", idempotencyKeys, "DELETE FROM idempotency_key WHERE ctid IN "
                        + "(SELECT ctid FROM idempotency_key WHERE created_at < ? LIMIT ?)"),
                // entries older than the cutoff of dossiers that ended before it (a dossier still open keeps all)
                new Retention.Rule("timeline_entry", timeline, "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS cutoff) "
                        + "DELETE FROM timeline_entry WHERE id IN (SELECT t.id FROM c, timeline_entry t "
                        + "JOIN dossier d ON d.code = t.dossier_code WHERE t.at < c.cutoff AND d.status IN "
                        + DossierStatus.TERMINAL_SQL + " AND d.last_transition_at < c.cutoff LIMIT ?)"),
                new Retention.Rule("dossier.personal-data", personalData, ERASE));
    }

    @Scheduled(identity = "retention", every = "${retention.every}", delayed = "${retention.first-after}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        purge();
    }

    /** Runs the purge if it is due and no other instance holds it; the rows deleted per table. */
    public Map<String, Long> purge() {
        return retention.purgeIfDue("retention", every, rules);
    }
}
