-- Personal data no longer than needed (docs/domain.md §8): when a dossier's record lost its applicant's personal data,
-- and the ended dossiers still holding it (portal statuses 3, 7, 8, 10: DossierStatus.TERMINAL_SQL), by last event.
ALTER TABLE portal_dossier ADD COLUMN personal_data_erased_at TIMESTAMPTZ;
CREATE INDEX portal_dossier_personal_data_held ON portal_dossier (last_event_time)
    WHERE personal_data_erased_at IS NULL AND status_code IN (3, 7, 8, 10);
