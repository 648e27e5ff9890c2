-- Shared messaging tables, in their own schema so they never collide with a service's tables.
-- A repeatable migration (run by each service's Flyway with location db/messaging): every statement must stay
-- idempotent; grow it with ADD COLUMN IF NOT EXISTS, never by editing a column in place.
CREATE SCHEMA IF NOT EXISTS messaging;

-- Transactional outbox: a row per event, written in the transaction of the state change it announces.
CREATE TABLE IF NOT EXISTS messaging.outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(64)  NOT NULL UNIQUE,
    topic       VARCHAR(200) NOT NULL,
    record_key  VARCHAR(200),
    type        VARCHAR(200) NOT NULL,
    source      VARCHAR(200) NOT NULL,
    subject     VARCHAR(200),
    event_time  TIMESTAMPTZ  NOT NULL,
    payload     TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ,
    attempts    INT          NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON messaging.outbox (id) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent_at ON messaging.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Idempotent-consumer inbox: (consumer, event id) inserted first, in the transaction of the effect.
CREATE TABLE IF NOT EXISTS messaging.inbox (
    consumer     VARCHAR(100) NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
