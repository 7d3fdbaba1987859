-- The customer's own approval (审批): a buyer's order above this total waits for one of the
-- company's approvers before it goes to the supplier (NULL: none waits).
ALTER TABLE customers ADD COLUMN approval_over_fen BIGINT CHECK (approval_over_fen >= 0);
