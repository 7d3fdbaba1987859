-- What the buyer saw for each cart line (price, and whether it was on sale) when they last set it, so
-- the pre-submit review can show every change since: nothing changes silently.
ALTER TABLE cart_lines ADD COLUMN seen_price TEXT;
ALTER TABLE cart_lines ADD COLUMN seen_status TEXT;
