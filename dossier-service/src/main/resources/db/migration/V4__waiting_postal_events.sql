-- Postal events of an inbound item no dossier names yet (VNPost collected it before the agency registered it): kept
-- until the dossier appears, then applied to it in event-time order and deleted. Purged after 60 days unclaimed.
CREATE TABLE waiting_postal_event (
    shipment_event_id VARCHAR(200) PRIMARY KEY,
    item_code         VARCHAR(13)  NOT NULL,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    data              JSONB        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX waiting_postal_event_item ON waiting_postal_event (item_code, occurred_at);
