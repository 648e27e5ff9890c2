-- The W3C trace context of the change that made a record or an entry owed: the portal call continues its trace.
ALTER TABLE portal_dossier ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE progress_entry ADD COLUMN traceparent VARCHAR(55);
