-- Personal data no longer than needed (docs/domain.md §8): when a dossier's applicant data was erased, and the ended
-- dossiers still holding it, found by when they ended (their last transition). The list is DossierStatus.TERMINAL_SQL.
ALTER TABLE dossier ADD COLUMN personal_data_erased_at TIMESTAMPTZ;
CREATE INDEX dossier_personal_data_held ON dossier (last_transition_at)
    WHERE personal_data_erased_at IS NULL AND status IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_RETURNED');
