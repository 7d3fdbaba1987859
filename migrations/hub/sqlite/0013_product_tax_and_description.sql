-- The catalogue fields DOMAIN.md lists that were missing: the VAT rate (税率, in basis points of a
-- percent: 1300 = 13%) and a description (商品描述).
ALTER TABLE products ADD COLUMN tax_rate_bp BIGINT CHECK (tax_rate_bp >= 0 AND tax_rate_bp <= 10000);
ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT '';
