-- Retention (docs/runbook.md): the purge finds expired rows by their time through these indexes.
CREATE INDEX feed_entry_recorded ON feed_entry (recorded_at);
CREATE INDEX progress_entry_sent ON progress_entry (sent_at) WHERE state = 'SENT';
CREATE INDEX operator_action_at ON operator_action (at);
CREATE INDEX reconciliation_created ON reconciliation (created_at);
CREATE INDEX shipment_alert_cleared ON shipment_alert (cleared_at) WHERE cleared_at IS NOT NULL;
