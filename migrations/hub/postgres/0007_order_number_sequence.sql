-- Order numbers from a sequence on PostgreSQL: a counter row would hold its lock until each order
-- commits and so serialize every order on the hub. A sequence never blocks; an order rolled back
-- leaves a gap in the numbers, which is harmless.
CREATE SEQUENCE order_number_seq;
SELECT setval('order_number_seq', (SELECT value FROM counters WHERE name = 'order_number') + 1, false);
