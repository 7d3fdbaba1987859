-- A supplier's staff log in to the same app, into the back office. Their connection has no
-- customer: its customer columns stay empty and `role` says which workspace it opens.
ALTER TABLE connections ADD COLUMN role TEXT NOT NULL DEFAULT 'buyer';
ALTER TABLE connections ADD COLUMN branch TEXT;
