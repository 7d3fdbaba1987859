-- 停用: a user the supplier disabled logs in no more, and every session of theirs ends at once.
-- A suspended customer (customers.status 'suspended') is the same for all its users.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
-- When a session was last used (updated at most every few minutes): an idle session ends.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
