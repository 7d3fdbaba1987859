-- The back office's order queue (GET /api/v1/admin/orders): one query, filtered and sorted in the
-- database and paged by keyset. Every sort ends in order_id, so ties on the instant or the amount
-- still page in one order, and each index below serves one sort (in either direction) as it is:
-- newest/oldest, the same within one status, by amount, by amount within one status, and one
-- customer's orders (which replaces orders_by_customer, a prefix of it).
CREATE INDEX orders_queue_by_created ON orders (created_at, order_id);
CREATE INDEX orders_queue_by_status ON orders (status, created_at, order_id);
CREATE INDEX orders_queue_by_amount ON orders (total_fen, created_at, order_id);
CREATE INDEX orders_queue_by_status_amount ON orders (status, total_fen, created_at, order_id);
CREATE INDEX orders_queue_by_customer ON orders (customer_id, created_at, order_id);
DROP INDEX orders_by_customer;
-- A branch's customers, for branch staff's scope.
CREATE INDEX customers_by_branch ON customers (branch_id);
