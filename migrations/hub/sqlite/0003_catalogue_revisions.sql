-- Delta pulls: every product write stamps the product with the next catalogue revision, and every
-- price rule write bumps the rules revision (prices may change for many products at once). Done by
-- triggers so no write path can forget it.
ALTER TABLE products ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE INDEX products_by_revision ON products (revision);
INSERT INTO counters (name, value) VALUES ('catalogue_revision', 0), ('price_rules_revision', 0);

CREATE TRIGGER products_revision_on_insert AFTER INSERT ON products
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'catalogue_revision';
    UPDATE products SET revision = (SELECT value FROM counters WHERE name = 'catalogue_revision') WHERE id = NEW.id;
END;

CREATE TRIGGER products_revision_on_update AFTER UPDATE ON products WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'catalogue_revision';
    UPDATE products SET revision = (SELECT value FROM counters WHERE name = 'catalogue_revision') WHERE id = NEW.id;
END;

CREATE TRIGGER price_rules_revision_on_insert AFTER INSERT ON price_rules
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'price_rules_revision';
END;
CREATE TRIGGER price_rules_revision_on_update AFTER UPDATE ON price_rules
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'price_rules_revision';
END;
CREATE TRIGGER price_rules_revision_on_delete AFTER DELETE ON price_rules
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'price_rules_revision';
END;

-- Products already there get revisions in code order.
UPDATE products SET revision = (SELECT COUNT(*) FROM products AS earlier WHERE earlier.code <= products.code);
UPDATE counters SET value = (SELECT COUNT(*) FROM products) WHERE name = 'catalogue_revision';
