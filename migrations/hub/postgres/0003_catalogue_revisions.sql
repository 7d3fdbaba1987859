-- Delta pulls: every product write stamps the product with the next catalogue revision, and every
-- price rule write bumps the rules revision (prices may change for many products at once). Done by
-- triggers so no write path can forget it. Taking the revision from a counter row (not a sequence)
-- holds that row's lock until commit, so revisions become visible in the order they were given:
-- a reader never sees revision 8 while 7 is still uncommitted.
ALTER TABLE products ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE INDEX products_by_revision ON products (revision);
INSERT INTO counters (name, value) VALUES ('catalogue_revision', 0), ('price_rules_revision', 0);

CREATE FUNCTION stamp_product_revision() RETURNS trigger AS $$
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'catalogue_revision' RETURNING value INTO NEW.revision;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER products_revision BEFORE INSERT OR UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION stamp_product_revision();

CREATE FUNCTION bump_price_rules_revision() RETURNS trigger AS $$
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'price_rules_revision';
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER price_rules_revision AFTER INSERT OR UPDATE OR DELETE ON price_rules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_price_rules_revision();

-- Products already there get a revision each (the trigger stamps every updated row).
UPDATE products SET revision = 0;
