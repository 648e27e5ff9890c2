-- The order of each postal item's events (shipment.events.v1's itemSequence): the last one applied to its dossier. An
-- event whose predecessor has not arrived yet (the item's events come over two record keys, tracking number before its
-- dossier was known and dossier code after, and the two partitions drain at their own pace) waits until it does.
CREATE TABLE postal_item_progress (
    item_code   VARCHAR(13) PRIMARY KEY,
    applied_seq INTEGER     NOT NULL
);

-- What a waiting event waits for: its DOSSIER (an inbound item no dossier names yet) or its PREDECESSOR (the item's
-- previous event, still on its way; given up on after dossier.postal.gap-wait).
ALTER TABLE waiting_postal_event ADD COLUMN waits_for     VARCHAR(16) NOT NULL DEFAULT 'DOSSIER';
ALTER TABLE waiting_postal_event ADD COLUMN item_sequence INTEGER;
ALTER TABLE waiting_postal_event ADD COLUMN dossier_code  VARCHAR(64);
CREATE INDEX waiting_postal_event_predecessor ON waiting_postal_event (waits_for, created_at);
