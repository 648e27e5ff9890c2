package vn.bcci.portalsync.retention;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;

import vn.bcci.messaging.jobs.Retention;
import vn.bcci.messaging.jobs.RetentionRules;
import vn.bcci.messaging.jobs.RetentionSettings;
import vn.bcci.portalsync.audit.AuditLog;

/**
 * What portal-sync keeps, and for how long (docs/runbook.md, "Retention"): the inbox past the broker's redelivery
 * window, the operators' feed {@code retention.feed} (the newest entry always stays, so numbering goes on after it),
 * acknowledged progress entries {@code retention.progress-entries}, cleared shipment alerts, finished reconciliations
 * and the audit log. {@code retention.personal-data} after an ended dossier's last event, the record we hold of it
 * keeps the applicant's initials only, with an audit entry by "retention" (docs/domain.md §8).
 */
public class PortalSyncRetention {
    /** The terminal portal statuses (3, 7, 8, 10), as in V11's index. */
    static final String ENDED = "(3, 7, 8, 10)";
    private static final String INITIALS = "regexp_replace(trim(d.record->>'ChuHoSo'), '(\\S)\\S*', '\\1.', 'g')";

    /** One batch of ended dossiers past the cutoff: their record's personal fields erased, each erasure audited. */
    static final String ERASE = "WITH c AS (SELECT CAST(? AS TIMESTAMPTZ) AS cutoff), picked AS (SELECT d.code FROM c, "
            + "portal_dossier d WHERE d.personal_data_erased_at IS NULL AND d.status_code IN " + ENDED
            + " AND d.last_event_time < c.cutoff ORDER BY d.last_event_time LIMIT ? FOR UPDATE SKIP LOCKED), "
            + "erased AS (UPDATE portal_dossier d SET record = d.record || jsonb_build_object('ChuHoSo', "
            + "coalesce(" + INITIALS + ", ''), 'SoGiayToChuHoSo', '', 'SoDienThoai', '', 'Email', ''), "
            + "personal_data_erased_at = now() FROM picked WHERE d.code = picked.code RETURNING d.code, "
            + "d.agency_code) INSERT INTO operator_action (actor, action, target, agency_code, detail) SELECT "
            + "'retention', '" + AuditLog.Action.ERASE_PERSONAL_DATA.name() + "', code, agency_code, "
            + "'personal data erased: retention ended (Decree 13/2023/NĐ-CP)' FROM erased";

    /** The service's rules, with the times of {@code retention.*}. */
    @Produces
    @Singleton
    static RetentionRules of(Config config) {
        return new RetentionRules(config, List.of(
                new Retention.Rule("feed_entry", config.feed(), "DELETE FROM feed_entry WHERE id IN (SELECT id FROM "
                        + "feed_entry WHERE recorded_at < ? AND seq IS NOT NULL AND seq < (SELECT max(seq) FROM "
                        + "feed_entry) LIMIT ?)"),
                new Retention.Rule("progress_entry", config.progressEntries(), "DELETE FROM progress_entry WHERE id IN "
                        + "(SELECT id FROM progress_entry WHERE state = 'SENT' AND sent_at < ? LIMIT ?)"),
                new Retention.Rule("shipment_alert", config.shipmentAlerts(),
                        "DELETE FROM shipment_alert WHERE item_code IN "
                                + "(SELECT item_code FROM shipment_alert WHERE cleared_at < ? LIMIT ?)"),
                new Retention.Rule("client_limit", config.clientLimits(), "DELETE FROM client_limit WHERE id IN "
                        + "(SELECT id FROM client_limit WHERE to_at < ? LIMIT ?)"),
                new Retention.Rule("reconciliation", config.reconciliations(), "DELETE FROM reconciliation WHERE id IN "
                        + "(SELECT id FROM reconciliation WHERE created_at < ? AND state = 'DONE' LIMIT ?)"),
                new Retention.Rule("operator_action", config.audit(),
                        "DELETE FROM operator_action WHERE id IN (SELECT id "
                                + "FROM operator_action WHERE at < ? LIMIT ?)"),
                new Retention.Rule("portal_dossier.personal-data", config.personalData(), ERASE)));
    }

    /** {@code retention.*}: when the purge runs, and how long each table keeps its rows. */
    @ConfigMapping(prefix = "retention")
    public interface Config extends RetentionSettings {
        /** How long the operators' feed keeps an entry (the newest always stays). */
        Duration feed();

        /** How long an acknowledged progress entry is kept. */
        Duration progressEntries();

        /** How long a cleared shipment alert is kept. */
        Duration shipmentAlerts();

        /** How long a report of the clients a door refused is kept (the console shows the last minutes). */
        Duration clientLimits();

        /** How long a finished reconciliation is kept. */
        Duration reconciliations();

        /** How long the audit log keeps an operator's action. */
        Duration audit();
    }
}
