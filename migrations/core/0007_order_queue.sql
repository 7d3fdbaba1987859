-- The offline queue: several carts may wait to be sent, one submission each. What the hub refuses
-- when the queue is sent stays here with the refusal (an ApiError as JSON) until the buyer has seen it.
ALTER TABLE pending_submissions ADD COLUMN refusal TEXT;
