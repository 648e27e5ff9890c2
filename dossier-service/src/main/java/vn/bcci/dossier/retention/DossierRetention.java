package vn.bcci.dossier.retention;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.messaging.jobs.Retention;
import vn.bcci.messaging.jobs.RetentionRules;
import vn.bcci.messaging.jobs.RetentionSettings;

/**
 * What dossier-service keeps, and for how long (docs/runbook.md, "Retention"): the inbox past the broker's
 * redelivery window, idempotency keys past any client's retries, a dossier's timeline for {@code retention.timeline}
 * after the dossier ended. The dossier's own row stays, but {@code retention.personal-data} after it ended the
 * applicant's name is reduced to initials and the ID number, phone, e-mail and address (but the province) are erased,
 * with a timeline entry saying so (docs/domain.md §8).
 */
public class DossierRetention {
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

    /** The service's rules, with the times of {@code retention.*}. */
    @Produces
    @Singleton
    static RetentionRules of(Config config) {
        return new RetentionRules(config, List.of(
                new Retention.Rule("idempotency_key", config.idempotencyKeys(),
                        "DELETE FROM idempotency_key WHERE ctid IN "
                                + "(SELECT ctid FROM idempotency_key WHERE created_at < ? LIMIT ?)"),
                // entries older than the cutoff of dossiers that ended before it (a dossier still open keeps all)
                new Retention.Rule("timeline_entry", config.timeline(),
                        "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS cutoff) "
                                + "DELETE FROM timeline_entry WHERE id IN (SELECT t.id FROM c, timeline_entry t "
                                + "JOIN dossier d ON d.code = t.dossier_code WHERE t.at < c.cutoff AND d.status IN "
                                + DossierStatus.TERMINAL_SQL + " AND d.last_transition_at < c.cutoff LIMIT ?)"),
                new Retention.Rule("dossier.personal-data", config.personalData(), ERASE)));
    }

    /** {@code retention.*}: when the purge runs, and how long each table keeps its rows. */
    @ConfigMapping(prefix = "retention")
    public interface Config extends RetentionSettings {
        /** How long an idempotency key outlives its request: past any client's retries. */
        Duration idempotencyKeys();

        /** How long after a dossier ended its timeline is kept. */
        Duration timeline();
    }
}
