-- Reads at national volume (a year of history: millions of dossiers) follow an index. GET /dossiers pages on
-- (created_at, code); each filter people use has an index in that order, so a page reads about its own rows.
CREATE INDEX dossier_page ON dossier (created_at, code);
DROP INDEX dossier_agency;
CREATE INDEX dossier_agency_page ON dossier (agency_code, created_at, code);
DROP INDEX dossier_status;  -- (status, due_at): no read uses it; the pages below replace it
CREATE INDEX dossier_status_page ON dossier (status, created_at, code);
CREATE INDEX dossier_agency_status_page ON dossier (agency_code, status, created_at, code);
-- By channel: the postal channel is the one this platform exists for, and a small share of most agencies' dossiers.
CREATE INDEX dossier_channel_page ON dossier (channel, created_at, code);
CREATE INDEX dossier_agency_channel_page ON dossier (agency_code, channel, created_at, code);
-- The open dossiers (their deadline can still pass): the overdue filter walks these only. The state list is the one of
-- DossierQuery.CLOSED; a query must repeat it as literals for PostgreSQL to use the index.
CREATE INDEX dossier_open_page ON dossier (created_at, code)
    WHERE status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_READY', 'RESULT_RETURNED');
CREATE INDEX dossier_agency_open_page ON dossier (agency_code, created_at, code)
    WHERE status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_READY', 'RESULT_RETURNED');
