-- Personal data no longer than needed (docs/domain.md §8): when an item's sender and receiver were reduced to initials
-- and province, and the ended items still holding them, found by their last event. States: ShipmentQuery.TERMINAL.
ALTER TABLE shipment ADD COLUMN personal_data_erased_at TIMESTAMPTZ;
CREATE INDEX shipment_personal_data_held ON shipment (last_event_at)
    WHERE personal_data_erased_at IS NULL AND state IN ('DELIVERED', 'RETURNED', 'CANCELLED');
