-- The portal's agreed rate is one budget for every instance (docs/decisions/0004-portal-rate.md): the next free call
-- slot, taken by each call before it is made, and a pause every instance honours after the portal said 429 or busy (9).
CREATE TABLE portal_pace (
    id           SMALLINT    PRIMARY KEY CHECK (id = 1),
    next_slot    TIMESTAMPTZ NOT NULL DEFAULT now(),
    paused_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO portal_pace (id) VALUES (1);

-- Progress entries are claimed with their dossier (portal_dossier.lease_until), never one by one: one dossier's record
-- and entries are only ever in flight from one instance.
ALTER TABLE progress_entry DROP COLUMN lease_until;
