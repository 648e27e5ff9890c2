-- The operators' change feed (issue 5 §7): every dossier status change, postal milestone and sync outcome. Entries
-- are written in the transaction of their change with only an id; one sequencer (FeedSequencer) then numbers the
-- committed ones without gaps, in the order it sees them committed. Readers read by sequence number only, so a reader
-- that has seen n will never be shown a new entry below n, and no business transaction waits on a shared counter.
CREATE TABLE feed_entry (
    id            BIGSERIAL     PRIMARY KEY,
    seq           BIGINT        UNIQUE,     -- NULL until the sequencer numbers it
    kind          VARCHAR(24)   NOT NULL,   -- DOSSIER_STATUS, POSTAL_MILESTONE, SYNC_OUTCOME
    dossier_code  VARCHAR(64),
    agency_code   VARCHAR(32),
    item_code     VARCHAR(13),
    portal_status INT,
    at            TIMESTAMPTZ   NOT NULL,   -- when it happened in the world
    recorded_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    summary       VARCHAR(1000) NOT NULL    -- no personal data unmasked
);
CREATE INDEX feed_entry_unsequenced ON feed_entry (id) WHERE seq IS NULL;
CREATE INDEX feed_entry_agency ON feed_entry (agency_code, seq);
