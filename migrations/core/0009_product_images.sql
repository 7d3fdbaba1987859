-- Product pictures fetched from a hub, by their SHA-256 (the product names it), as data: URLs the
-- webview shows directly. A changed picture has a new hash; the old one is simply unused.
CREATE TABLE product_images (
    sha256   TEXT PRIMARY KEY,
    data_url TEXT NOT NULL
);
