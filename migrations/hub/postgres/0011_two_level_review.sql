-- Review in two levels (审核: the customer's branch, then headquarters) for orders over the
-- supplier's limit. The branch's approval is kept on the order until headquarters decides.
ALTER TABLE orders ADD COLUMN branch_approved_by BIGINT REFERENCES users(id);

-- One row: orders of a branch's customer above this total need headquarters' approval as well
-- (NULL: every order is decided by one review).
CREATE TABLE review_rule (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    hq_review_over_fen BIGINT CHECK (hq_review_over_fen >= 0)
);
INSERT INTO review_rule (id, hq_review_over_fen) VALUES (1, NULL);
