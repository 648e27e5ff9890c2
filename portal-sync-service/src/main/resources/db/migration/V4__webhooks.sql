-- Operators' systems subscribed to the feed (issue 5 §7): delivered in sequence order, signed the Standard Webhooks
-- way, retried with backoff, disabled after a long failure streak, recoverable from a sequence number.
CREATE TABLE webhook_subscription (
    id              BIGSERIAL PRIMARY KEY,
    url             TEXT        NOT NULL,
    secret          TEXT        NOT NULL,
    agency_code     TEXT,
    owner           TEXT        NOT NULL,
    description     TEXT,
    delivered_seq   BIGINT      NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'ACTIVE',
    failure_streak  INT         NOT NULL DEFAULT 0,
    failing_since   TIMESTAMPTZ,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_until     TIMESTAMPTZ,
    last_status     INT,
    last_error      TEXT,
    last_success_at TIMESTAMPTZ,
    disabled_reason TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscription_due ON webhook_subscription (next_attempt_at) WHERE state = 'ACTIVE';
