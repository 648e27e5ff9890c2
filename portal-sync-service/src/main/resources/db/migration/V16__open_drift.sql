-- The reconciliation-drift alert counts the drift whose repair the portal has not acknowledged. It was computed on
-- every read by joining each drift row ever recorded with the dossier table (a drift row was open while the dossier's
-- synced_at was older than the drift): with one million dossiers and 26,744 drift rows, 82,000 pages and ~500 ms a
-- call of the alert summary, which every open console polls. Now a drift row carries its agency and the moment its
-- repair was acknowledged, kept by the rows that acknowledge it, and the alert reads a partial index of the open ones.
--
-- When a drift is repaired (the rule, in one place):
--   MISSING, STALE_STATUS: the portal acknowledged the dossier's record at or after the drift was found;
--   MISSING_ENTRIES:       the portal holds every entry of the dossier again (none left PENDING, IN_DOUBT or HELD).
-- (Before, a MISSING_ENTRIES drift stayed an alert until the dossier's next status change: resending entries never
-- touched the record's synced_at.)

ALTER TABLE reconciliation_drift ADD COLUMN agency_code TEXT, ADD COLUMN repaired_at TIMESTAMPTZ;

UPDATE reconciliation_drift x SET agency_code = d.agency_code,
    repaired_at = CASE
        WHEN x.kind = 'MISSING_ENTRIES' AND NOT EXISTS (SELECT 1 FROM progress_entry e WHERE e.dossier_code = x.dossier_code
                AND e.state IN ('PENDING', 'IN_DOUBT', 'HELD')) THEN greatest(x.found_at, d.synced_at)
        WHEN x.kind <> 'MISSING_ENTRIES' AND d.synced_at >= x.found_at THEN d.synced_at END
    FROM portal_dossier d WHERE d.code = x.dossier_code;
-- drift of a dossier no longer here (its history purged) has nothing left to repair
UPDATE reconciliation_drift SET repaired_at = found_at WHERE agency_code IS NULL AND repaired_at IS NULL;

CREATE INDEX reconciliation_drift_open ON reconciliation_drift (agency_code, found_at) WHERE repaired_at IS NULL;
CREATE INDEX reconciliation_drift_open_found ON reconciliation_drift (found_at) WHERE repaired_at IS NULL;
CREATE INDEX reconciliation_drift_open_dossier ON reconciliation_drift (dossier_code) WHERE repaired_at IS NULL;

-- a drift as it is recorded: its agency, and repaired already if the portal acknowledged the dossier since
CREATE FUNCTION reconciliation_drift_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d portal_dossier%ROWTYPE;
BEGIN
    SELECT * INTO d FROM portal_dossier WHERE code = NEW.dossier_code;
    NEW.agency_code := coalesce(NEW.agency_code, d.agency_code);
    IF NEW.kind <> 'MISSING_ENTRIES' AND d.synced_at >= NEW.found_at THEN
        NEW.repaired_at := d.synced_at;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER reconciliation_drift_recorded BEFORE INSERT ON reconciliation_drift
    FOR EACH ROW EXECUTE FUNCTION reconciliation_drift_recorded();

-- the record acknowledged: its MISSING and STALE_STATUS drift found up to then is repaired
CREATE FUNCTION reconciliation_drift_record_acknowledged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reconciliation_drift SET repaired_at = NEW.synced_at
        WHERE dossier_code = NEW.code AND repaired_at IS NULL AND kind <> 'MISSING_ENTRIES'
          AND found_at <= NEW.synced_at;
    RETURN NULL;
END $$;

CREATE TRIGGER reconciliation_drift_record_acknowledged AFTER UPDATE OF synced_at ON portal_dossier
    FOR EACH ROW WHEN (NEW.synced_at IS NOT NULL AND NEW.synced_at IS DISTINCT FROM OLD.synced_at)
    EXECUTE FUNCTION reconciliation_drift_record_acknowledged();

-- an entry reached the portal: once none of the dossier's entries is owed, its MISSING_ENTRIES drift is repaired
CREATE FUNCTION reconciliation_drift_entries_resent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reconciliation_drift WHERE dossier_code = NEW.dossier_code AND repaired_at IS NULL
               AND kind = 'MISSING_ENTRIES')
       AND NOT EXISTS (SELECT 1 FROM progress_entry WHERE dossier_code = NEW.dossier_code
               AND state IN ('PENDING', 'IN_DOUBT', 'HELD')) THEN
        UPDATE reconciliation_drift SET repaired_at = now()
            WHERE dossier_code = NEW.dossier_code AND repaired_at IS NULL AND kind = 'MISSING_ENTRIES';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER reconciliation_drift_entries_resent AFTER UPDATE OF state ON progress_entry
    FOR EACH ROW WHEN (NEW.state = 'SENT' AND OLD.state IS DISTINCT FROM 'SENT' AND NEW.dossier_code IS NOT NULL)
    EXECUTE FUNCTION reconciliation_drift_entries_resent();

ANALYZE reconciliation_drift;
