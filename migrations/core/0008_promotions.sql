-- The promotions that apply to this customer, as of the last sync (the protocol's JSON): the cart
-- applies them with the hub's own function, so the total shown is the total charged.
CREATE TABLE promotions (
    connection_id INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
    body          TEXT NOT NULL
);
