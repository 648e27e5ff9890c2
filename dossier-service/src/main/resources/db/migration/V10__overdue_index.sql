-- The overdue lists, most overdue first: what is overdue depends on the time, so no index holds it in order of
-- creation, and finding the overdue among the open dossiers in that order walked every open one (hundreds of thousands
-- at national volume). The open dossiers whose clock runs, in order of due date (per agency for an agency's list):
-- the overdue ones are the first of it (DossierStore.list).
CREATE INDEX IF NOT EXISTS dossier_overdue ON dossier (due_at, code)
    WHERE status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_READY', 'RESULT_RETURNED')
        AND clock_paused_at IS NULL;
CREATE INDEX IF NOT EXISTS dossier_agency_overdue ON dossier (agency_code, due_at, code)
    WHERE status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_READY', 'RESULT_RETURNED')
        AND clock_paused_at IS NULL;
