-- Where the last pull of my supply ended: the next one asks only for what changed since.
ALTER TABLE connections ADD COLUMN supply_cursor TEXT;
