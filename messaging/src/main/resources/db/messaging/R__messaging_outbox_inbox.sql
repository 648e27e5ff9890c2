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

-- Jobs that must run once across all instances (JobLeases): who holds each, under which fence, until when, and when it
-- last completed.
CREATE TABLE IF NOT EXISTS messaging.job_lease (
    job          VARCHAR(100) PRIMARY KEY,
    holder       VARCHAR(200),
    fence        BIGINT       NOT NULL DEFAULT 0,
    lease_until  TIMESTAMPTZ,
    last_done_at TIMESTAMPTZ
);

-- The relay's lanes (OutboxRelay): a row's lane is its record key's hash, so a key's rows stay in one lane, relayed in
-- order by one relayer at a time, while other lanes go through other relayers. A row the broker keeps refusing for its
-- own sake is retried with backoff (attempts, next_attempt_at) and then set aside as dead (dead_at) for an operator,
-- instead of holding up the rows behind it.
ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS lane SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMPTZ;
ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS dead_at TIMESTAMPTZ;
-- the W3C trace context of the change that wrote the row: the relay's publish continues its trace
ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS traceparent VARCHAR(55);
ALTER TABLE messaging.outbox ADD COLUMN IF NOT EXISTS tracestate VARCHAR(512);
CREATE INDEX IF NOT EXISTS outbox_pending ON messaging.outbox (lane, id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_pending_key ON messaging.outbox (record_key, id)
    WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_dead ON messaging.outbox (id) WHERE dead_at IS NOT NULL;
DROP INDEX IF EXISTS messaging.outbox_unsent;

-- Retention (messaging.Retention): the inbox's rows are purged by age, through this index.
CREATE INDEX IF NOT EXISTS inbox_processed ON messaging.inbox (processed_at);
