-- Where the last catalogue pull ended, so the next one asks the hub only for what changed since.
ALTER TABLE connections ADD COLUMN catalogue_cursor TEXT;
