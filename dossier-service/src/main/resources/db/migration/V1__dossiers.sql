CREATE TABLE dossier (
    code                     VARCHAR(64)  PRIMARY KEY,
    agency_code              VARCHAR(32)  NOT NULL,
    procedure_code           VARCHAR(64)  NOT NULL,
    channel                  VARCHAR(16)  NOT NULL,
    return_method            VARCHAR(16)  NOT NULL,
    status                   VARCHAR(32)  NOT NULL,
    applicant_type           VARCHAR(16)  NOT NULL,
    applicant_name           VARCHAR(200) NOT NULL,
    applicant_id_number      VARCHAR(20),
    applicant_phone          VARCHAR(20),
    applicant_email          VARCHAR(200),
    address_line             VARCHAR(300),
    address_ward             VARCHAR(100),
    address_district         VARCHAR(100),
    address_province         VARCHAR(100),
    summary                  VARCHAR(1000),
    submitted_at             TIMESTAMPTZ  NOT NULL,
    accepted_at              TIMESTAMPTZ,
    due_at                   TIMESTAMPTZ,
    inbound_tracking_number  VARCHAR(13),
    outbound_tracking_number VARCHAR(13),
    created_at               TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version                  BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX dossier_agency ON dossier (agency_code, created_at);
CREATE UNIQUE INDEX dossier_inbound_tracking ON dossier (inbound_tracking_number) WHERE inbound_tracking_number IS NOT NULL;

-- Per agency and day, the last sequence number handed out for generated codes {agencyCode}-{yyMMdd}-{seq}.
CREATE TABLE dossier_code_sequence (
    agency_code VARCHAR(32) NOT NULL,
    day         CHAR(6)     NOT NULL,
    last_value  INT         NOT NULL,
    PRIMARY KEY (agency_code, day)
);

-- The unified timeline of a dossier, in event-time order.
CREATE TABLE timeline_entry (
    id          BIGSERIAL    PRIMARY KEY,
    dossier_code VARCHAR(64) NOT NULL REFERENCES dossier (code),
    at          TIMESTAMPTZ  NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    source      VARCHAR(64)  NOT NULL,
    title       VARCHAR(300) NOT NULL,
    detail      JSONB
);
CREATE INDEX timeline_by_dossier ON timeline_entry (dossier_code, at, id);
