-- Ordering cycles, stock, allocations, substitutes and announcements.

-- Ordering days as a bit set (bit 0 = Monday; 0 = every day) and the cutoff in minutes after
-- midnight in the supplier's time zone (NULL: no cutoff, and no confirmation step).
ALTER TABLE customers ADD COLUMN ordering_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN cutoff_minute BIGINT CHECK (cutoff_minute BETWEEN 0 AND 1439);

-- The ordering day an order belongs to, and when it locks (NULL: no cutoff).
ALTER TABLE orders ADD COLUMN cycle_date TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN closes_at BIGINT;
UPDATE orders SET cycle_date = date(created_at / 1000, 'unixepoch', '+8 hours');
CREATE INDEX orders_by_cycle ON orders (customer_id, cycle_date);
CREATE INDEX orders_to_void ON orders (status, closes_at);

ALTER TABLE order_lines ADD COLUMN demand BIGINT NOT NULL DEFAULT 0;
UPDATE order_lines SET demand = quantity;

-- Stock is tracked only for the products listed here. Orders take from `available` with a
-- conditional update, so it can never go below zero.
CREATE TABLE stock (
    product_code TEXT PRIMARY KEY REFERENCES products(code),
    on_hand      BIGINT NOT NULL CHECK (on_hand >= 0),
    available    BIGINT NOT NULL CHECK (available >= 0),
    updated_at   BIGINT NOT NULL
);

-- 货源分配: at most `quantity` per cycle. cycle_date '' is the standing allocation for every
-- cycle; a dated row replaces it for that cycle.
CREATE TABLE allocations (
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    product_code TEXT NOT NULL REFERENCES products(code),
    cycle_date   TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (customer_id, product_code, cycle_date)
);

-- What placed orders have taken of an allocation in one cycle.
CREATE TABLE allocation_use (
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    product_code TEXT NOT NULL,
    cycle_date   TEXT NOT NULL,
    used         BIGINT NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (customer_id, product_code, cycle_date)
);

-- 替代品牌: what to suggest when a product is short.
CREATE TABLE substitutes (
    product_code    TEXT NOT NULL REFERENCES products(code),
    substitute_code TEXT NOT NULL REFERENCES products(code),
    rank            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (product_code, substitute_code)
);

-- 系统公告, for every customer or one tier.
CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    tier         TEXT,
    published_at BIGINT NOT NULL,
    expires_at   BIGINT
);

-- What the hub does itself (voiding at the cutoff) is recorded as this user, who cannot log in.
INSERT INTO users (username, password_hash, role, created_at) VALUES ('hub', '!', 'system', 0);
