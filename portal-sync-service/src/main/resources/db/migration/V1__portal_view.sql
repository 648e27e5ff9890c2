-- What we owe the portal for each dossier, and what it has acknowledged.
CREATE TABLE portal_dossier (
    code                    VARCHAR(64)  PRIMARY KEY,
    agency_code             VARCHAR(32)  NOT NULL,
    inbound_tracking_number VARCHAR(13),
    record                  JSONB        NOT NULL,   -- the portal dossier object of portal-api.md
    status_code             INT          NOT NULL,
    last_event_time         TIMESTAMPTZ  NOT NULL,   -- newest dossier event applied: older ones never win
    revision                BIGINT       NOT NULL DEFAULT 1,
    acked_revision          BIGINT       NOT NULL DEFAULT 0,
    portal_holds            BOOLEAN      NOT NULL DEFAULT FALSE,
    sync_state              VARCHAR(16)  NOT NULL DEFAULT 'PENDING',  -- PENDING, SYNCED, PARKED
    attempts                INT          NOT NULL DEFAULT 0,
    next_attempt_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    lease_until             TIMESTAMPTZ,
    last_answer             VARCHAR(1000),
    changed_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    synced_at               TIMESTAMPTZ
);
CREATE INDEX portal_dossier_due ON portal_dossier (next_attempt_at) WHERE sync_state <> 'SYNCED';
CREATE INDEX portal_dossier_inbound ON portal_dossier (inbound_tracking_number);

-- Progress entries (CapNhatTienDoHoSoMC) owed to the portal, each exactly once.
-- PENDING: not sent; IN_DOUBT: a send was attempted and its answer lost; SENT: acknowledged.
CREATE TABLE progress_entry (
    id              BIGSERIAL    PRIMARY KEY,
    source_event_id VARCHAR(64)  NOT NULL UNIQUE,
    dossier_code    VARCHAR(64),
    item_code       VARCHAR(13),
    at              TIMESTAMPTZ  NOT NULL,
    handler         VARCHAR(50)  NOT NULL,
    title           VARCHAR(100),
    department      VARCHAR(200),
    content         VARCHAR(1000) NOT NULL,
    status_code     INT,
    state           VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    lease_until     TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    last_answer     VARCHAR(1000)
);
CREATE INDEX progress_entry_owed ON progress_entry (dossier_code, at, id) WHERE state <> 'SENT';
CREATE INDEX progress_entry_waiting ON progress_entry (item_code) WHERE dossier_code IS NULL;

-- The portal's procedure catalogue as last imported.
CREATE TABLE procedure_catalogue (
    code            VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(500) NOT NULL,
    field_code      VARCHAR(32),
    field_name      VARCHAR(200),
    agency_code     VARCHAR(32),
    processing_days INT          NOT NULL,
    postal_intake   BOOLEAN      NOT NULL,
    postal_return   BOOLEAN      NOT NULL,
    imported_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
