CREATE TABLE shipment (
    item_code      VARCHAR(13)  PRIMARY KEY,
    direction      VARCHAR(16)  NOT NULL,
    dossier_code   VARCHAR(64),
    agency_code    VARCHAR(32),
    procedure_code VARCHAR(64),
    sender         JSONB,
    receiver       JSONB,
    cod_amount     BIGINT,
    fees           BIGINT,
    state          VARCHAR(32)  NOT NULL,
    last_event_at  TIMESTAMPTZ,
    registered_at  TIMESTAMPTZ  NOT NULL,
    version        BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX shipment_dossier ON shipment (dossier_code);

-- Every VNPost event ever accepted, registered item or not (orphans wait for their shipment).
CREATE TABLE tracking_event (
    id               BIGSERIAL    PRIMARY KEY,
    item_code        VARCHAR(13)  NOT NULL,
    dedup_key        VARCHAR(128) NOT NULL UNIQUE,
    event_id         VARCHAR(128),
    order_number     VARCHAR(64),
    status_code      VARCHAR(16)  NOT NULL,
    canonical_state  VARCHAR(32),
    known_code       BOOLEAN      NOT NULL,
    occurred_at      TIMESTAMPTZ  NOT NULL,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    post_office_code VARCHAR(16),
    post_office_name VARCHAR(200),
    note             VARCHAR(1000),
    receiver_name    VARCHAR(200),
    applied          BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX tracking_event_item ON tracking_event (item_code, occurred_at, id);
CREATE INDEX tracking_event_orphans ON tracking_event (item_code) WHERE applied = FALSE;
