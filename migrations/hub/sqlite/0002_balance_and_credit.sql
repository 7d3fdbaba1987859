-- Prepaid balance (预付款) and credit limit (信用额度) per customer. An order is refused when its
-- total exceeds balance + credit limit - unpaid open orders. Both NULL: no limit is enforced.
ALTER TABLE customers ADD COLUMN prepaid_balance_fen BIGINT;
ALTER TABLE customers ADD COLUMN credit_limit_fen BIGINT;
