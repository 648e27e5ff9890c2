-- Reconciliation runs (issue 5 §4): what we believe the portal holds, compared with TraCuuHoSo, drift repaired.
CREATE TABLE reconciliation (
    id              BIGSERIAL PRIMARY KEY,
    mode            TEXT        NOT NULL,               -- FULL | SAMPLE
    sample_share    DOUBLE PRECISION,
    agency_code     TEXT,
    requested_by    TEXT        NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'QUEUED', -- QUEUED | RUNNING | DONE
    total           INT         NOT NULL DEFAULT 0,
    checked         INT         NOT NULL DEFAULT 0,
    cursor          TEXT,                               -- the last dossier checked: a restarted run goes on after it
    missing         INT         NOT NULL DEFAULT 0,
    stale_status    INT         NOT NULL DEFAULT 0,
    missing_entries INT         NOT NULL DEFAULT 0,
    repaired        INT         NOT NULL DEFAULT 0,
    last_error      TEXT,
    lease_until     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ
);
CREATE TABLE reconciliation_drift (
    reconciliation_id BIGINT      NOT NULL REFERENCES reconciliation (id) ON DELETE CASCADE,
    dossier_code      TEXT        NOT NULL,
    kind              TEXT        NOT NULL,             -- MISSING | STALE_STATUS | MISSING_ENTRIES
    detail            TEXT,
    found_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (reconciliation_id, dossier_code, kind)
);
