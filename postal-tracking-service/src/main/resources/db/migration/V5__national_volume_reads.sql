-- Reads at national volume (a year of history: tens of millions of items) follow an index. GET /shipments pages on
-- (registered_at, item_code); each filter people use has an index in that order. The terminal states are the ones of
-- ShipmentQuery.TERMINAL and ShipmentWatch.OPEN; queries repeat them as literals for PostgreSQL to use the indexes.
CREATE INDEX shipment_state_page ON shipment (state, registered_at, item_code);
CREATE INDEX shipment_agency_state_page ON shipment (agency_code, state, registered_at, item_code);
CREATE INDEX shipment_stalled_page ON shipment (registered_at, item_code) WHERE stalled_since IS NOT NULL;
CREATE INDEX shipment_overdue_page ON shipment (registered_at, item_code)
    WHERE overdue_since IS NOT NULL AND state NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED');
-- The watch's gauges count the open flagged items only (not the whole table every minute).
CREATE INDEX shipment_open_stalled ON shipment (item_code)
    WHERE stalled_since IS NOT NULL AND state NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED');
