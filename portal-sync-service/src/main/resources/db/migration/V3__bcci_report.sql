-- When a progress entry became owed (the sync lag counts from here, not from the real-world step's time).
ALTER TABLE progress_entry ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- When portal-sync learned of the dossier, and when the portal first acknowledged it: the synchronisation delay.
ALTER TABLE portal_dossier ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE portal_dossier ADD COLUMN first_synced_at TIMESTAMPTZ;

-- The facts the BCCI report counts (domain.md §7), one row per dossier, kept from both event streams.
CREATE TABLE report_dossier (
    code                VARCHAR(64) PRIMARY KEY,
    agency_code         VARCHAR(32) NOT NULL,
    channel             VARCHAR(16) NOT NULL,
    return_method       VARCHAR(16),
    status              VARCHAR(32) NOT NULL,
    received_at         TIMESTAMPTZ NOT NULL,
    due_at              TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    last_event_time     TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_dossier_received ON report_dossier (agency_code, received_at);
CREATE INDEX report_dossier_finished ON report_dossier (agency_code, finished_at);

-- The result's journey by post, kept apart because shipment events may arrive before the dossier's (two topics).
CREATE TABLE report_result_post (
    code         VARCHAR(64) PRIMARY KEY,
    posted_at    TIMESTAMPTZ,   -- the result handed to VNPost (outbound accepted)
    delivered_at TIMESTAMPTZ,   -- outbound delivered
    failed_at    TIMESTAMPTZ    -- outbound delivery failed, returning or returned (first such event)
);
