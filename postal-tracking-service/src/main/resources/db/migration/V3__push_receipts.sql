-- Signed pushes (Standard Webhooks): each webhook-id is taken for one body only. A resend of the same push (same id,
-- same body) is harmless (its events are duplicates); the same id with another body is refused. Rows older than twice
-- the timestamp tolerance are purged: a push that old is refused by its timestamp anyway.
CREATE TABLE push_receipt (
    webhook_id  VARCHAR(200) PRIMARY KEY,
    body_sha256 CHAR(64)     NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX push_receipt_received ON push_receipt (received_at);
