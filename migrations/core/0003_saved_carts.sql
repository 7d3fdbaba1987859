-- Several named carts per connection (saved carts); the lines move from the connection to a cart.
-- One cart per connection is active: the one the order grid edits and submits.
CREATE TABLE carts (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    is_active     INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX carts_by_connection ON carts (connection_id);

INSERT INTO carts (connection_id, name, is_active, created_at, updated_at)
SELECT DISTINCT connection_id, '购物车', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM cart_lines;

CREATE TABLE cart_lines_by_cart (
    cart_id      INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    product_code TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    position     INTEGER NOT NULL,
    PRIMARY KEY (cart_id, product_code)
);
INSERT INTO cart_lines_by_cart (cart_id, product_code, quantity, position)
SELECT c.id, l.product_code, l.quantity, l.position FROM cart_lines l JOIN carts c ON c.connection_id = l.connection_id;
DROP TABLE cart_lines;
ALTER TABLE cart_lines_by_cart RENAME TO cart_lines;

-- Which cart a submission came from, so the right cart is emptied when the hub acknowledges it.
ALTER TABLE pending_submissions ADD COLUMN cart_id INTEGER REFERENCES carts(id) ON DELETE SET NULL;
