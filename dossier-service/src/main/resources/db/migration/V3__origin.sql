-- Where a dossier first came from: its agency (AGENCY) or VNPost's collection at the citizen's door (POST).
ALTER TABLE dossier ADD COLUMN origin VARCHAR(16) NOT NULL DEFAULT 'AGENCY';
