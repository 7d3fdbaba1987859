-- The hub's supply for this customer (allocations left this cycle, stock available), as of the
-- last sync: the cart is checked against it as the buyer types, with the hub's own rules.
CREATE TABLE supply (
    connection_id   INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    product_code    TEXT NOT NULL,
    allocation      INTEGER,
    allocation_left INTEGER,
    available       INTEGER,
    PRIMARY KEY (connection_id, product_code)
);

-- The last home screen the hub sent (cycle, balance, announcements), shown when it can't be reached.
CREATE TABLE desk_status (
    connection_id INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    fetched_at    TEXT NOT NULL
);
