-- Alerts before breach (issue 15): the items VNPost's watch flagged (stalled or past their delivery target), until a
-- later event clears them, and the due date each due-soon alert was given for (an apology slip's new date alerts again).
CREATE TABLE shipment_alert (
    item_code       VARCHAR(13)  PRIMARY KEY,
    dossier_code    VARCHAR(64),
    agency_code     VARCHAR(32),
    direction       VARCHAR(16)  NOT NULL,
    state           VARCHAR(32),
    stalled_since   TIMESTAMPTZ,
    overdue_since   TIMESTAMPTZ,
    flagged_at      TIMESTAMPTZ  NOT NULL,
    last_event_time TIMESTAMPTZ  NOT NULL,   -- newest shipment event applied: older ones never win
    cleared_at      TIMESTAMPTZ
);
CREATE INDEX shipment_alert_open ON shipment_alert (flagged_at) WHERE cleared_at IS NULL;

ALTER TABLE report_dossier ADD COLUMN due_soon_for TIMESTAMPTZ;
CREATE INDEX report_dossier_open_due ON report_dossier (due_at) WHERE finished_at IS NULL;
CREATE INDEX progress_entry_item ON progress_entry (item_code) WHERE item_code IS NOT NULL;

-- The portal's answers per minute and agency, for the console's last-hour chart (any instance writes, all read).
CREATE TABLE portal_answer_minute (
    minute      TIMESTAMPTZ NOT NULL,
    agency_code VARCHAR(32) NOT NULL,
    answer      VARCHAR(16) NOT NULL,
    calls       BIGINT      NOT NULL,
    PRIMARY KEY (minute, agency_code, answer)
);

-- What operators did from the console or the API (resend, reconcile, re-enable), by whom, for the record.
CREATE TABLE operator_action (
    id          BIGSERIAL    PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor       VARCHAR(200) NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    target      VARCHAR(200) NOT NULL,
    agency_code VARCHAR(32),
    detail      VARCHAR(500)
);
