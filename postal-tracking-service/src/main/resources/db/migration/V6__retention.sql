-- Retention (docs/runbook.md): the purge finds expired events by the time they were received through this index.
CREATE INDEX tracking_event_received ON tracking_event (received_at);
