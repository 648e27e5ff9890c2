-- Delivery targets and flags (issue 4 §7): the due time is the item's acceptance at the post office plus the leg's
-- target in working days; stalled/overdue are set by the watch and published as vn.bcci.shipment.flagged.v1.
ALTER TABLE shipment
    ADD COLUMN same_province   BOOLEAN,
    ADD COLUMN accepted_at     TIMESTAMPTZ,
    ADD COLUMN delivery_due_at TIMESTAMPTZ,
    ADD COLUMN stalled_since   TIMESTAMPTZ,
    ADD COLUMN overdue_since   TIMESTAMPTZ;

-- The watch looks only at open items.
CREATE INDEX shipment_open_last_event ON shipment (last_event_at)
    WHERE state NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED') AND stalled_since IS NULL;
CREATE INDEX shipment_open_due ON shipment (delivery_due_at)
    WHERE state NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED') AND overdue_since IS NULL;
-- GET /shipments pages on (registered_at, item_code).
CREATE INDEX shipment_page ON shipment (registered_at, item_code);
CREATE INDEX shipment_agency_page ON shipment (agency_code, registered_at, item_code);

-- A postal-return dossier that reached RESULT_READY: its result will travel in an item not known yet; the first VNPost
-- event naming the dossier as order number links that item to it (issue 4 §1).
CREATE TABLE expected_outbound (
    dossier_code   VARCHAR(64) PRIMARY KEY,
    agency_code    VARCHAR(32),
    procedure_code VARCHAR(64),
    expected_at    TIMESTAMPTZ NOT NULL,
    item_code      VARCHAR(13)
);

-- Orphan events waiting for an expected outbound item, found by their order number.
CREATE INDEX tracking_event_orphans_by_order ON tracking_event (order_number)
    WHERE applied = FALSE AND order_number IS NOT NULL;
