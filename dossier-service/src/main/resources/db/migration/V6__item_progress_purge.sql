-- When an item's progress last moved, so that the progress of items long done can be purged (one row per postal item
-- would otherwise be kept forever: tens of millions a year). Rows that exist now count as moved now.
ALTER TABLE postal_item_progress ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX postal_item_progress_updated ON postal_item_progress (updated_at);
