-- Repeated failed logins are slowed, then the account is locked for a while (see auth::lockout).
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT;
