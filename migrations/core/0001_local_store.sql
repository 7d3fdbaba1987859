-- The desk's local copy: one row per hub connection, the catalogue as this customer sees it,
-- the cart (saved on every change), orders, and submissions not yet acknowledged by the hub.
CREATE TABLE connections (
    id            INTEGER PRIMARY KEY,
    hub_url       TEXT NOT NULL,
    username      TEXT NOT NULL,
    customer_code TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    tier          TEXT NOT NULL,
    is_current    INTEGER NOT NULL DEFAULT 0,
    last_login_at TEXT NOT NULL,
    UNIQUE (hub_url, username)
);

CREATE TABLE products (
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    barcode       TEXT NOT NULL,
    name          TEXT NOT NULL,
    brand         TEXT NOT NULL,
    category      TEXT NOT NULL,
    -- the whole product as the hub sent it; the columns above are for searching
    body          TEXT NOT NULL,
    PRIMARY KEY (connection_id, code)
);
CREATE INDEX products_barcode ON products (connection_id, barcode);

CREATE TABLE cart_lines (
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    product_code  TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    position      INTEGER NOT NULL,
    PRIMARY KEY (connection_id, product_code)
);

-- An order the desk has sent (or is about to send) but the hub has not yet acknowledged.
-- Its id is fixed before the first attempt, so every retry is the same order to the hub.
CREATE TABLE pending_submissions (
    order_id      TEXT PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE orders (
    order_id      TEXT PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    order_number  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX orders_by_connection ON orders (connection_id, created_at DESC);
