-- (PostgreSQL moves order numbers to a sequence here; SQLite has one writer at a time, so its
-- counter row costs nothing and stays.)
SELECT 1;
