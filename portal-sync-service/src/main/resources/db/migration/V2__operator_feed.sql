-- The operators' change feed (issue 5 §7): every dossier status change, postal milestone and sync outcome, numbered
-- without gaps. The number comes from one counter row updated in the transaction that writes the entry, so numbers are
-- handed out in commit order: a reader that has seen n has seen everything below n.
CREATE TABLE feed_counter (
    id   INT    PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO feed_counter (id, last) VALUES (1, 0);

CREATE TABLE feed_entry (
    seq           BIGINT        PRIMARY KEY,
    kind          VARCHAR(24)   NOT NULL,   -- DOSSIER_STATUS, POSTAL_MILESTONE, SYNC_OUTCOME
    dossier_code  VARCHAR(64),
    agency_code   VARCHAR(32),
    item_code     VARCHAR(13),
    portal_status INT,
    at            TIMESTAMPTZ   NOT NULL,   -- when it happened in the world
    recorded_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    summary       VARCHAR(1000) NOT NULL    -- no personal data unmasked
);
CREATE INDEX feed_entry_agency ON feed_entry (agency_code, seq);
