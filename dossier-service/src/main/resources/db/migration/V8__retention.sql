-- Retention (docs/runbook.md): the purge finds expired rows by their time through these indexes.
CREATE INDEX timeline_entry_at ON timeline_entry (at);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
