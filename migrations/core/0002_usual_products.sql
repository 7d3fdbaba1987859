-- The customer's usual products (常用商品): pinned first in search and in the order grid.
CREATE TABLE usual_products (
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    product_code  TEXT NOT NULL,
    pinned_at     TEXT NOT NULL,
    PRIMARY KEY (connection_id, product_code)
);
