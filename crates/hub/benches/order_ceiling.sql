-- The database's own ceiling for one 20-line order, driven by pgbench with no hub in between:
-- the writes the hub makes to place an order for a customer without a cutoff, and the balance
-- check's row lock. The order row (numbered from the hub's sequence), two stock-tracked lines taken
-- with the hub's conditional UPDATE (in code order, as `supply::take` does), the balance check
-- `SELECT … FOR NO KEY UPDATE` (as `ledger::ensure_affordable` does), the 20 lines one INSERT each
-- (as `orders::store::insert_lines` does) and the order event, in one transaction. Not included:
-- the reads that price and check the lines, and the session lookup. Order ids rise, as the
-- clients' UUIDv7 ids do (UUID-shaped, from the order number's sequence).
--
-- Run by `cargo bench -p restock-hub --bench orders -- throughput` against a database migrated
-- with the hub's schema and seeded with the demo data (products 100021–100400 track stock), as
--   pgbench -n -M prepared -c N -j 2 -T 20 -f order_ceiling.sql \
--     -D customers=<count> -D hubuser=<users.id> -D now=<ms> -D cycle=<YYYY-MM-DD> <database>
\set c random(1, :customers)
\set s1 random(21, 210)
\set s2 random(211, 400)
\set q random(1, 3)
\set p1 random(401, 480)
\set p2 random(481, 560)
\set p3 random(561, 640)
\set p4 random(641, 720)
\set p5 random(721, 800)
\set p6 random(801, 880)
\set p7 random(881, 960)
\set p8 random(961, 1040)
\set p9 random(1041, 1120)
\set p10 random(1121, 1200)
\set p11 random(1201, 1280)
\set p12 random(1281, 1360)
\set p13 random(1361, 1440)
\set p14 random(1441, 1520)
\set p15 random(1521, 1600)
\set p16 random(1601, 1680)
\set p17 random(1681, 1760)
\set p18 random(1761, 1840)
BEGIN;
WITH n AS (SELECT nextval('order_number_seq') AS v)
INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date)
    SELECT '00000000-0000-7000-8000-' || lpad(to_hex(v), 12, '0'), :c, :hubuser, 'SO-' || v, 'pgbench', 'submitted', 250000, :now, :cycle FROM n
    RETURNING order_id AS oid \gset
UPDATE stock SET available = available - :q, updated_at = :now WHERE product_code = CAST(100000 + :s1 AS TEXT) AND available >= :q;
UPDATE stock SET available = available - :q, updated_at = :now WHERE product_code = CAST(100000 + :s2 AS TEXT) AND available >= :q;
SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = :c FOR NO KEY UPDATE;
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 1, CAST(100000 + :s1 AS TEXT), '中华软 20支/包×10包', '条', :q, :q, 45000, 45000 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 2, CAST(100000 + :s2 AS TEXT), '农夫山泉饮用天然水 550ml×24瓶', '箱', :q, :q, 3600, 3600 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 3, CAST(100000 + :p1 AS TEXT), '康师傅冰红茶 550ml×24瓶', '箱', :q, :q, 4200, 4200 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 4, CAST(100000 + :p2 AS TEXT), '青岛啤酒纯生 500ml×12瓶', '箱', :q, :q, 6800, 6800 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 5, CAST(100000 + :p3 AS TEXT), '伊利纯牛奶 250ml×24盒', '箱', :q, :q, 6500, 6500 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 6, CAST(100000 + :p4 AS TEXT), '旺旺雪饼 84g×20袋', '箱', :q, :q, 5200, 5200 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 7, CAST(100000 + :p5 AS TEXT), '海天生抽 500ml×12瓶', '箱', :q, :q, 7600, 7600 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 8, CAST(100000 + :p6 AS TEXT), '金龙鱼大豆油 5L×4桶', '箱', :q, :q, 21000, 21000 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 9, CAST(100000 + :p7 AS TEXT), '蓝月亮洗衣液 3kg×4瓶', '箱', :q, :q, 15800, 15800 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 10, CAST(100000 + :p8 AS TEXT), '心相印抽纸 3层100抽×24包', '箱', :q, :q, 8900, 8900 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 11, CAST(100000 + :p9 AS TEXT), '娃哈哈苏打水 550ml×24瓶', '箱', :q, :q, 4800, 4800 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 12, CAST(100000 + :p10 AS TEXT), '统一绿茶 1.5L×12瓶', '箱', :q, :q, 5100, 5100 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 13, CAST(100000 + :p11 AS TEXT), '雪花勇闯天涯 330ml×24罐', '箱', :q, :q, 7200, 7200 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 14, CAST(100000 + :p12 AS TEXT), '蒙牛酸奶 200g×12袋', '箱', :q, :q, 5600, 5600 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 15, CAST(100000 + :p13 AS TEXT), '洽洽瓜子 500g×10袋', '箱', :q, :q, 9800, 9800 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 16, CAST(100000 + :p14 AS TEXT), '老干妈风味豆豉 280g×12瓶', '箱', :q, :q, 11200, 11200 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 17, CAST(100000 + :p15 AS TEXT), '福临门花生油 5L×4桶', '箱', :q, :q, 32000, 32000 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 18, CAST(100000 + :p16 AS TEXT), '立白洗洁精 500ml×12瓶', '箱', :q, :q, 6600, 6600 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 19, CAST(100000 + :p17 AS TEXT), '维达卷纸 3层100抽×24包', '箱', :q, :q, 7400, 7400 * :q);
INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, 20, CAST(100000 + :p18 AS TEXT), '百事可乐 330ml×24罐', '箱', :q, :q, 4600, 4600 * :q);
INSERT INTO order_events (order_id, status, at, by_user, note) VALUES (:oid, 'submitted', :now, :hubuser, NULL);
COMMIT;
