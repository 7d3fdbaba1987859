-- Customers, their users and sessions; the catalogue with price rules; orders claimed by the
-- client's id. Integers are BIGINT and money is BIGINT fen so both backends read the same types.
CREATE TABLE customers (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    tier   TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active'
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    customer_id          BIGINT REFERENCES customers(id),
    role                 TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    barcode          TEXT NOT NULL,
    name             TEXT NOT NULL,
    brand            TEXT NOT NULL,
    category         TEXT NOT NULL,
    origin           TEXT NOT NULL,
    specification    TEXT NOT NULL,
    unit             TEXT NOT NULL,
    pack_multiple    BIGINT NOT NULL CHECK (pack_multiple >= 1),
    min_per_order    BIGINT NOT NULL DEFAULT 1,
    max_per_order    BIGINT,
    base_price_fen   BIGINT NOT NULL CHECK (base_price_fen >= 0),
    retail_price_fen BIGINT,
    status           TEXT NOT NULL DEFAULT 'on_sale',
    is_new           BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);

-- A price rule belongs to one customer or one tier, and to one product or all of them.
CREATE TABLE price_rules (
    id              INTEGER PRIMARY KEY,
    customer_id     BIGINT REFERENCES customers(id),
    tier            TEXT,
    product_code    TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('fixed', 'rate')),
    fixed_price_fen BIGINT,
    rate            TEXT,
    valid_from      TEXT,
    valid_to        TEXT,
    CHECK ((customer_id IS NULL) <> (tier IS NULL))
);
CREATE INDEX price_rules_by_customer ON price_rules (customer_id);
CREATE INDEX price_rules_by_tier ON price_rules (tier);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('order_number', 0);

CREATE TABLE orders (
    order_id     TEXT PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    user_id      BIGINT NOT NULL REFERENCES users(id),
    order_number TEXT NOT NULL UNIQUE,
    request_hash TEXT NOT NULL,
    status       TEXT NOT NULL,
    total_fen    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);

CREATE TABLE order_lines (
    order_id        TEXT NOT NULL REFERENCES orders(order_id),
    line_no         BIGINT NOT NULL,
    product_code    TEXT NOT NULL,
    product_name    TEXT NOT NULL,
    unit            TEXT NOT NULL,
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_fen  BIGINT NOT NULL,
    line_amount_fen BIGINT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(order_id),
    status   TEXT NOT NULL,
    at       BIGINT NOT NULL,
    by_user  BIGINT NOT NULL REFERENCES users(id),
    note     TEXT
);
CREATE INDEX order_events_by_order ON order_events (order_id);
