-- One dossier's contribution to the report is a function of three rows (report_dossier, report_result_post,
-- portal_dossier's first acknowledgement), changed by different transactions: the projection of dossier events,
-- of shipment events, and the sync worker. Each trigger of V12 computed its change of contribution with the other
-- rows as its own snapshot saw them, so two transactions changing one dossier at the same moment each took the
-- other's row as it was before: a dossier re-dated while the portal first acknowledged it counted its first sync on
-- the old day (ReportTest found the aggregates one off a recount, now and then). Each trigger now first takes a
-- lock on the dossier's code, held to the end of its transaction: the second waits for the first to commit, then
-- reads what it committed (each statement of a trigger reads afresh), and the changes add up to the difference of
-- the contributions before and after. A deadlock between two transactions that take such locks in opposite orders
-- is broken by PostgreSQL and the loser retried, as any other transient failure.

CREATE OR REPLACE FUNCTION report_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    m report_result_post;
    d portal_dossier;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('report ' || coalesce(NEW.code, OLD.code)));
    SELECT * INTO m FROM report_result_post WHERE code = coalesce(NEW.code, OLD.code);
    SELECT * INTO d FROM portal_dossier WHERE code = coalesce(NEW.code, OLD.code);
    PERFORM report_delta_of(OLD, NEW, m, m, d.first_synced_at, d.first_synced_at, d.created_at, d.created_at);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_result_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r report_dossier;
    d portal_dossier;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('report ' || coalesce(NEW.code, OLD.code)));
    SELECT * INTO r FROM report_dossier WHERE code = coalesce(NEW.code, OLD.code);
    IF r.code IS NOT NULL THEN
        SELECT * INTO d FROM portal_dossier WHERE code = r.code;
        PERFORM report_delta_of(r, r, OLD, NEW, d.first_synced_at, d.first_synced_at, d.created_at, d.created_at);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_sync_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r report_dossier;
    m report_result_post;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('report ' || coalesce(NEW.code, OLD.code)));
    SELECT * INTO r FROM report_dossier WHERE code = coalesce(NEW.code, OLD.code);
    IF r.code IS NOT NULL THEN
        SELECT * INTO m FROM report_result_post WHERE code = r.code;
        PERFORM report_delta_of(r, r, m, m, OLD.first_synced_at, NEW.first_synced_at, OLD.created_at, NEW.created_at);
    END IF;
    RETURN NULL;
END $$;
