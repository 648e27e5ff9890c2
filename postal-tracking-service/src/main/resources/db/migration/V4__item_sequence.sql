-- Each recorded event of an item is numbered (1, 2, ...) in the order it was applied and published: the item's events
-- may reach a consumer over two record keys, and a consumer that sees n + 1 before n knows n is still on its way.
ALTER TABLE shipment ADD COLUMN event_sequence INTEGER NOT NULL DEFAULT 0;
