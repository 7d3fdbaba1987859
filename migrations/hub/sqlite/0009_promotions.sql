-- Promotions (促销), and what they did to each order: one adjustment per promotion that applied
-- (money off, or free units of a product), kept with the order so statements add up.
CREATE TABLE promotions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- The PromotionKind and Covers, as the protocol's JSON: one place defines their shape.
    kind        TEXT NOT NULL,
    covers      TEXT NOT NULL,
    -- Comma-separated tiers; empty: every customer.
    tiers       TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL
);

CREATE TABLE order_adjustments (
    order_id      TEXT NOT NULL REFERENCES orders(order_id),
    position      BIGINT NOT NULL,
    promotion_id  BIGINT NOT NULL,
    description   TEXT NOT NULL,
    product_code  TEXT,
    free_quantity BIGINT NOT NULL DEFAULT 0,
    amount_fen    BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);
