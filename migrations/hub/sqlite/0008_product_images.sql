-- Product pictures, stored in the database so a hub is still one file (or one PostgreSQL) to back
-- up. The product row carries the picture's hash, so a new picture reaches the app as a delta.
CREATE TABLE product_images (
    product_code TEXT PRIMARY KEY REFERENCES products(code),
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    updated_at   BIGINT NOT NULL
);
ALTER TABLE products ADD COLUMN image_sha256 TEXT;
