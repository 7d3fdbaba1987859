-- Supplier staff and branches (总部/大区/分公司): staff of a branch see only the customers of that
-- branch and the branches under it; staff without a branch (headquarters) see every customer.
CREATE TABLE branches (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('hq', 'region', 'branch')),
    parent_id BIGINT REFERENCES branches(id)
);
ALTER TABLE customers ADD COLUMN branch_id BIGINT REFERENCES branches(id);
ALTER TABLE users ADD COLUMN branch_id BIGINT REFERENCES branches(id);

-- One-time tokens for a forgotten password: only the hash is kept; valid once, for a day.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
