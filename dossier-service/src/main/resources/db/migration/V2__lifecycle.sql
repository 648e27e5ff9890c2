-- Lifecycle: transitions with their times, due dates on the working calendar, postal flags.
ALTER TABLE dossier ADD COLUMN procedure_name      VARCHAR(500);
ALTER TABLE dossier ADD COLUMN last_transition_at  TIMESTAMPTZ;
ALTER TABLE dossier ADD COLUMN clock_paused_at     TIMESTAMPTZ;   -- supplement requested: the legal clock stops
ALTER TABLE dossier ADD COLUMN remaining_seconds   BIGINT;        -- working time left when it stopped
ALTER TABLE dossier ADD COLUMN finished_at         TIMESTAMPTZ;   -- result ready
ALTER TABLE dossier ADD COLUMN returned_at          TIMESTAMPTZ;   -- result returned
ALTER TABLE dossier ADD COLUMN received_from_post_at TIMESTAMPTZ; -- handover of the inbound item
ALTER TABLE dossier ADD COLUMN postal_flag         VARCHAR(200);  -- outbound delivery failed / returned to sender
CREATE INDEX dossier_status ON dossier (status, due_at);

-- The procedure catalogue as published by portal-sync-service on portal.procedures.v1.
CREATE TABLE procedure (
    code            VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(500) NOT NULL,
    agency_code     VARCHAR(32),
    processing_days INT          NOT NULL,
    postal_intake   BOOLEAN      NOT NULL,
    postal_return   BOOLEAN      NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- Idempotency-Key: the first answer to a request, returned again for its retries.
CREATE TABLE idempotency_key (
    caller       VARCHAR(100) NOT NULL,
    key          VARCHAR(200) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    dossier_code VARCHAR(64),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
