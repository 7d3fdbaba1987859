-- A customer reopens an order placed or saved before the cutoff in the grid: the cart it opens
-- in remembers which order it changes, and what that order held of stock, allocation and money
-- (the hub gives those back before it takes the changed lines, so the grid must too).
ALTER TABLE carts ADD COLUMN changes_order TEXT;
ALTER TABLE carts ADD COLUMN changes_order_number TEXT;
ALTER TABLE carts ADD COLUMN held TEXT;
