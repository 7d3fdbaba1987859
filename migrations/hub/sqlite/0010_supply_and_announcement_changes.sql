-- Delta pulls of a customer's supply and of announcements, with tombstones for what was removed.

-- When an allocation was last set: a delta pull sends the allocations set since its cursor.
ALTER TABLE allocations ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX allocations_changed ON allocations (customer_id, updated_at);

-- Tombstones: an allocation removed (for that customer) or a product's stock no longer tracked
-- (customer_id NULL: for everyone), so that a delta pull tells the app to drop the limit.
CREATE TABLE supply_removals (
    customer_id  INTEGER REFERENCES customers(id),
    product_code TEXT NOT NULL,
    removed_at   BIGINT NOT NULL
);
CREATE INDEX supply_removals_by_time ON supply_removals (removed_at);

-- Announcements are withdrawn, not deleted, so that a delta pull can say so.
ALTER TABLE announcements ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN withdrawn_at BIGINT;
UPDATE announcements SET updated_at = published_at;
CREATE INDEX announcements_changed ON announcements (updated_at);
