-- Where the last pull of my orders ended: the next one asks only for orders changed since.
ALTER TABLE connections ADD COLUMN orders_cursor INTEGER;
