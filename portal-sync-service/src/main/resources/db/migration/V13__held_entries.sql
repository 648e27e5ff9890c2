-- What the delivery and the sync gauges walk stays in proportion to what can be sent, however much waits on parked
-- dossiers. A parked dossier's progress entries waited as PENDING beside everyone else's: with 25,000 parked
-- dossiers holding 163,000 such entries (one million dossiers loaded), each round of the sync worker's entry claim
-- walked the whole dossier table to find nothing it could send (7.1 s a round), and the owed and lag gauges scanned
-- the whole entry table every 10 s (5 s). Now an entry of a parked dossier is HELD: it is owed, but not sendable
-- until the dossier leaves PARKED (the operator's resend, the agency's correction), when it is PENDING again.
-- The rule lives here, in one place, whichever statement parks a dossier or makes an entry pending.

CREATE FUNCTION progress_entry_hold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'PENDING' AND NEW.dossier_code IS NOT NULL AND EXISTS (
            SELECT 1 FROM portal_dossier d WHERE d.code = NEW.dossier_code AND d.sync_state = 'PARKED') THEN
        NEW.state := 'HELD';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER progress_entry_hold BEFORE INSERT OR UPDATE OF state, dossier_code ON progress_entry
    FOR EACH ROW EXECUTE FUNCTION progress_entry_hold();

CREATE FUNCTION portal_dossier_hold_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sync_state = 'PARKED' THEN
        UPDATE progress_entry SET state = 'HELD' WHERE dossier_code = NEW.code AND state = 'PENDING';
    ELSE
        UPDATE progress_entry SET state = 'PENDING' WHERE dossier_code = NEW.code AND state = 'HELD';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER portal_dossier_hold_entries AFTER UPDATE OF sync_state ON portal_dossier FOR EACH ROW
    WHEN ((OLD.sync_state = 'PARKED') IS DISTINCT FROM (NEW.sync_state = 'PARKED'))
    EXECUTE FUNCTION portal_dossier_hold_entries();

UPDATE progress_entry e SET state = 'HELD' FROM portal_dossier d
    WHERE d.code = e.dossier_code AND d.sync_state = 'PARKED' AND e.state = 'PENDING';

-- what the claim and the lag gauge walk: the entries that can go (small, whatever history and parked dossiers hold)
CREATE INDEX progress_entry_due ON progress_entry (dossier_code) INCLUDE (created_at)
    WHERE state IN ('PENDING', 'IN_DOUBT');
-- what the owed gauge counts beside them
CREATE INDEX progress_entry_held ON progress_entry (dossier_code) WHERE state = 'HELD';

-- the failed-delivery alert: only results whose delivery failed and did not succeed since (the index held every
-- failure ever, 9,311 rows of which 134 were current at one million dossiers: 113 ms a count)
DROP INDEX report_result_post_failed;
CREATE INDEX report_result_post_failed ON report_result_post (failed_at)
    WHERE failed_at IS NOT NULL AND (delivered_at IS NULL OR delivered_at < failed_at);

-- the oldest owed record (the lag gauge) and the dossier claim's order, read from the owed ones alone
CREATE INDEX portal_dossier_pending ON portal_dossier (changed_at) WHERE sync_state = 'PENDING';
-- the parked alert's list, oldest first, for operators and for one agency, however many are parked
CREATE INDEX portal_dossier_parked ON portal_dossier (changed_at) WHERE sync_state = 'PARKED';
CREATE INDEX portal_dossier_parked_agency ON portal_dossier (agency_code, changed_at) WHERE sync_state = 'PARKED';
