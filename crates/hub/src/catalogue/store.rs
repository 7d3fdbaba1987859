//! Every query of products, their pictures, categories and the catalogue's revision counters.
//! Money is stored in fen, the tax rate in basis points.

use crate::db::{Count, Fen, Text, Tx};
use crate::error::HubResult;
use restock_protocol::catalogue::ProductRecord;
use restock_protocol::catalogue::ProductStatus;
use restock_protocol::money::to_fen;
use restock_protocol::quantity::QuantityRules;
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

const PRODUCT_COLUMNS: &str = "code, barcode, name, brand, category, origin, specification, unit, \
     pack_multiple, min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, image_sha256, \
     tax_rate_bp, description";

/// A product as stored.
#[derive(sqlx::FromRow)]
pub struct ProductRow {
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub origin: String,
    pub specification: String,
    pub unit: String,
    pub pack_multiple: Count,
    pub min_per_order: Count,
    pub max_per_order: Option<Count>,
    pub base_price_fen: Fen,
    pub retail_price_fen: Option<Fen>,
    pub status: Text<ProductStatus>,
    pub is_new: i64,
    pub image_sha256: Option<String>,
    pub tax_rate_bp: Option<i64>,
    pub description: String,
}

impl ProductRow {
    pub fn rules(&self) -> QuantityRules {
        QuantityRules {
            pack_multiple: self.pack_multiple.0.max(1),
            min_per_order: self.min_per_order.0,
            max_per_order: self.max_per_order.map(|m| m.0),
        }
    }

    pub fn record(self) -> ProductRecord {
        let rules = self.rules();
        ProductRecord {
            code: self.code,
            barcode: self.barcode,
            name: self.name,
            brand: self.brand,
            category: self.category,
            origin: self.origin,
            specification: self.specification,
            unit: self.unit,
            pack_multiple: rules.pack_multiple,
            min_per_order: rules.min_per_order,
            max_per_order: rules.max_per_order,
            base_price: self.base_price_fen.money(),
            retail_price: self.retail_price_fen.map(Fen::money),
            status: self.status.0,
            is_new: self.is_new != 0,
            tax_rate: self.tax_rate_bp.map(tax_rate_from_bp),
            description: self.description,
        }
    }
}

/// 1300 basis points → 13 (percent).
pub fn tax_rate_from_bp(bp: i64) -> Decimal {
    Decimal::new(bp, 2).normalize()
}

/// 13 (percent) → 1300 basis points. The sheet's checks keep rates between 0 and 100.
fn tax_rate_to_bp(rate: Decimal) -> i64 {
    let bp = (rate * Decimal::ONE_HUNDRED).round();
    i64::try_from(bp.mantissa() / 10i128.pow(bp.scale())).expect("tax rates are checked to lie between 0 and 100 percent")
}

pub async fn count(conn: &mut AnyConnection) -> HubResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(&mut *conn).await?)
}

/// Every product, by code.
pub async fn all(conn: &mut AnyConnection) -> HubResult<Vec<ProductRow>> {
    Ok(sqlx::query_as(&format!("SELECT {PRODUCT_COLUMNS} FROM products ORDER BY code")).fetch_all(&mut *conn).await?)
}

/// The products with these codes (those that exist).
pub async fn by_codes(conn: &mut AnyConnection, codes: &[String]) -> HubResult<Vec<ProductRow>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE code IN ({})", placeholders.join(", "));
    let mut query = sqlx::query_as(&sql);
    for code in codes {
        query = query.bind(code);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Products written at catalogue revisions in `after..=upto` (every one up to `upto` if `after` is
/// None), by code.
pub async fn by_revision(conn: &mut AnyConnection, after: Option<i64>, upto: i64) -> HubResult<Vec<ProductRow>> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE revision > $1 AND revision <= $2 ORDER BY code");
    // No revision is below 0: "after nothing" is every product up to `upto`.
    Ok(sqlx::query_as(&sql).bind(after.unwrap_or(-1)).bind(upto).fetch_all(&mut *conn).await?)
}

pub async fn exists(conn: &mut AnyConnection, code: &str) -> HubResult<bool> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(code).fetch_optional(&mut *conn).await?;
    Ok(id.is_some())
}

/// Units of each product in placed orders created since `since_ms`.
pub async fn sales_since(conn: &mut AnyConnection, since_ms: i64) -> HubResult<HashMap<String, u32>> {
    let rows: Vec<(String, Count)> = sqlx::query_as(
        "SELECT l.product_code, CAST(SUM(l.quantity) AS BIGINT) FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE o.created_at >= $1 AND o.status IN ('submitted', 'approved') GROUP BY l.product_code",
    )
    .bind(since_ms)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(code, units)| (code, units.0)).collect())
}

/// Each category path with the number of products on sale in it.
pub async fn categories_on_sale(conn: &mut AnyConnection) -> HubResult<Vec<(String, u32)>> {
    let rows: Vec<(String, Count)> =
        sqlx::query_as("SELECT category, COUNT(*) FROM products WHERE status = 'on_sale' GROUP BY category ORDER BY category")
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(category, n)| (category, n.0)).collect())
}

/// The catalogue's and the price rules' revisions (counters bumped by triggers on every change).
pub async fn revisions(conn: &mut AnyConnection) -> HubResult<(i64, i64)> {
    let counters: Vec<(String, i64)> =
        sqlx::query_as("SELECT name, value FROM counters WHERE name IN ('catalogue_revision', 'price_rules_revision')")
            .fetch_all(&mut *conn)
            .await?;
    let counter = |name: &str| counters.iter().find(|(n, _)| n == name).map_or(0, |(_, v)| *v);
    Ok((counter("catalogue_revision"), counter("price_rules_revision")))
}

/// Inserts or updates each product (by code). Returns (created, updated).
pub async fn upsert(tx: &mut Tx, products: &[ProductRecord], now: i64) -> HubResult<(u32, u32)> {
    let existing: HashSet<String> = sqlx::query_scalar("SELECT code FROM products").fetch_all(&mut **tx).await?.into_iter().collect();
    let (mut created, mut updated) = (0, 0);
    for p in products {
        sqlx::query(
            "INSERT INTO products (code, barcode, name, brand, category, origin, specification, unit, pack_multiple,
                min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, updated_at,
                tax_rate_bp, description)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
             ON CONFLICT (code) DO UPDATE SET barcode = excluded.barcode, name = excluded.name, brand = excluded.brand,
                category = excluded.category, origin = excluded.origin, specification = excluded.specification,
                unit = excluded.unit, pack_multiple = excluded.pack_multiple, min_per_order = excluded.min_per_order,
                max_per_order = excluded.max_per_order, base_price_fen = excluded.base_price_fen,
                retail_price_fen = excluded.retail_price_fen, status = excluded.status, is_new = excluded.is_new,
                updated_at = excluded.updated_at, tax_rate_bp = excluded.tax_rate_bp, description = excluded.description",
        )
        .bind(&p.code)
        .bind(&p.barcode)
        .bind(&p.name)
        .bind(&p.brand)
        .bind(&p.category)
        .bind(&p.origin)
        .bind(&p.specification)
        .bind(&p.unit)
        .bind(i64::from(p.pack_multiple.max(1)))
        .bind(i64::from(p.min_per_order))
        .bind(p.max_per_order.map(i64::from))
        .bind(to_fen(p.base_price))
        .bind(p.retail_price.map(to_fen))
        .bind(p.status.as_str())
        .bind(i64::from(p.is_new))
        .bind(now)
        .bind(p.tax_rate.map(tax_rate_to_bp))
        .bind(&p.description)
        .execute(&mut **tx)
        .await?;
        if existing.contains(&p.code) {
            updated += 1;
        } else {
            created += 1;
        }
    }
    Ok((created, updated))
}

/// Stores a product's picture and its hash on the product (so apps fetch it again). False: no such
/// product.
pub async fn set_image(tx: &mut Tx, code: &str, content_type: &str, bytes: &[u8], sha256: &str, now: i64) -> HubResult<bool> {
    let updated = sqlx::query("UPDATE products SET image_sha256 = $1, updated_at = $2 WHERE code = $3")
        .bind(sha256)
        .bind(now)
        .bind(code)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO product_images (product_code, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_code) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, updated_at = excluded.updated_at",
    )
    .bind(code)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// A product's picture: (content type, bytes, SHA-256).
#[derive(sqlx::FromRow)]
pub struct Image {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub image_sha256: Option<String>,
}

pub async fn image(conn: &mut AnyConnection, code: &str) -> HubResult<Option<Image>> {
    Ok(sqlx::query_as(
        "SELECT i.content_type, i.bytes, p.image_sha256 FROM product_images i JOIN products p ON p.code = i.product_code WHERE i.product_code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?)
}

/// A substitute (替代品牌) offered when `product_code` is short, `rank` 1 first.
pub async fn add_substitute(tx: &mut Tx, product_code: &str, substitute_code: &str, rank: i64) -> HubResult<()> {
    sqlx::query("INSERT INTO substitutes (product_code, substitute_code, rank) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(product_code)
        .bind(substitute_code)
        .bind(rank)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    #[test]
    fn tax_rates_round_trip_through_basis_points() {
        for (rate, bp) in [(dec!(13), 1300), (dec!(9), 900), (dec!(0), 0), (dec!(6.5), 650), (dec!(100), 10000)] {
            assert_eq!(super::tax_rate_to_bp(rate), bp);
            assert_eq!(super::tax_rate_from_bp(bp), rate.normalize());
        }
    }
}
