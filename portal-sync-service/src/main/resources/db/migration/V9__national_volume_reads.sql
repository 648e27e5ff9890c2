-- Reads at national volume (a year of history: millions of dossiers, tens of millions of entries) follow an index.
-- A dossier's progress entries in every state: the sync view's counts, the console's dossier page, reconciliation.
CREATE INDEX progress_entry_dossier ON progress_entry (dossier_code, at, id);
-- The console's dossier page reads a dossier's feed entries.
CREATE INDEX feed_entry_dossier ON feed_entry (dossier_code, id) WHERE dossier_code IS NOT NULL;
-- The sync list pages by state on the dossier code.
CREATE INDEX portal_dossier_state_page ON portal_dossier (sync_state, code);
-- The due-soon and overdue alerts look at dossiers whose deadline clock runs (BcciReport.CLOCK_RUNNING, repeated here
-- as literals so that the alerts' queries match it), not at every withdrawn or stopped dossier of history.
DROP INDEX report_dossier_open_due;
CREATE INDEX report_dossier_running_due ON report_dossier (due_at)
    WHERE finished_at IS NULL AND status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'SUPPLEMENT_REQUESTED');
CREATE INDEX report_dossier_agency_running_due ON report_dossier (agency_code, due_at)
    WHERE finished_at IS NULL AND status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'SUPPLEMENT_REQUESTED');
-- Failed result deliveries (an alert kind): few among all results sent by post.
CREATE INDEX report_result_post_failed ON report_result_post (failed_at) WHERE failed_at IS NOT NULL;
