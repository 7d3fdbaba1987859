//! The local copy of a supplier's catalogue, and search over it.

mod desk;
mod parsed;
pub mod search;
pub mod sync;

pub use parsed::{products as parsed_products, CatalogueStamp};

use crate::error::Result;
use restock_protocol::catalogue::{CatalogueChanges, Product};
use sqlx::SqlitePool;
use std::collections::{HashMap, HashSet};

/// Applies a pull in one transaction, with the cursor it ended at: a half-applied pull is never
/// visible, and an interrupted one is simply asked for again from the old cursor. Returns how many
/// products the local catalogue holds afterwards.
pub async fn apply_changes(pool: &SqlitePool, connection_id: i64, changes: &CatalogueChanges) -> Result<u32> {
    let mut tx = pool.begin().await?;
    if changes.full {
        sqlx::query("DELETE FROM products WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
    }
    // One statement for the whole pull: SQLite splits the JSON array itself, far faster than a
    // round trip per product.
    sqlx::query(
        "INSERT INTO products (connection_id, code, barcode, name, brand, category, body)
         SELECT $1, json_extract(value, '$.code'), json_extract(value, '$.barcode'), json_extract(value, '$.name'),
                json_extract(value, '$.brand'), json_extract(value, '$.category'), value
         FROM json_each($2) WHERE true
         ON CONFLICT (connection_id, code) DO UPDATE SET barcode = excluded.barcode, name = excluded.name,
            brand = excluded.brand, category = excluded.category, body = excluded.body",
    )
    .bind(connection_id)
    .bind(serde_json::to_string(&changes.products).expect("products serialize"))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE connections SET catalogue_cursor = $1 WHERE id = $2")
        .bind(&changes.cursor)
        .bind(connection_id)
        .execute(&mut *tx)
        .await?;
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE connection_id = $1").bind(connection_id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

pub async fn cursor(pool: &SqlitePool, connection_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT catalogue_cursor FROM connections WHERE id = $1").bind(connection_id).fetch_one(pool).await?)
}

/// The whole local catalogue of a connection, by code (to build the search index).
pub async fn all(pool: &SqlitePool, connection_id: i64) -> Result<Vec<Product>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM products WHERE connection_id = $1 ORDER BY code").bind(connection_id).fetch_all(pool).await?;
    Ok(bodies.iter().map(|b| serde_json::from_str(b).expect("stored product parses")).collect())
}

/// Pins or unpins one of the customer's usual products.
pub async fn set_usual(pool: &SqlitePool, connection_id: i64, product_code: &str, usual: bool) -> Result<()> {
    if usual {
        sqlx::query("INSERT INTO usual_products (connection_id, product_code, pinned_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(connection_id)
            .bind(product_code)
            .bind(chrono::Utc::now().to_rfc3339())
            .execute(pool)
            .await?;
    } else {
        sqlx::query("DELETE FROM usual_products WHERE connection_id = $1 AND product_code = $2")
            .bind(connection_id)
            .bind(product_code)
            .execute(pool)
            .await?;
    }
    Ok(())
}

pub async fn usual_codes(pool: &SqlitePool, connection_id: i64) -> Result<HashSet<String>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT product_code FROM usual_products WHERE connection_id = $1").bind(connection_id).fetch_all(pool).await?;
    Ok(codes.into_iter().collect())
}

/// The search index over a connection's local catalogue.
pub async fn build_index(pool: &SqlitePool, connection_id: i64) -> Result<search::SearchIndex> {
    let products = all(pool, connection_id).await?;
    let usual = usual_codes(pool, connection_id).await?;
    Ok(search::SearchIndex::build(products, usual))
}

/// Several products at once, by code (one query, however many codes).
pub async fn by_codes(pool: &SqlitePool, connection_id: i64, codes: &[&str]) -> Result<HashMap<String, Product>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM products WHERE connection_id = $1 AND code IN (SELECT value FROM json_each($2))")
            .bind(connection_id)
            .bind(serde_json::to_string(codes).expect("codes serialize"))
            .fetch_all(pool)
            .await?;
    Ok(bodies.iter().map(|b| serde_json::from_str::<Product>(b).expect("stored product parses")).map(|p| (p.code.clone(), p)).collect())
}

pub async fn by_code(pool: &SqlitePool, connection_id: i64, code: &str) -> Result<Option<Product>> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM products WHERE connection_id = $1 AND code = $2")
        .bind(connection_id)
        .bind(code)
        .fetch_optional(pool)
        .await?;
    Ok(body.map(|b| serde_json::from_str(&b).expect("stored product parses")))
}

/// A product picture already fetched, by its hash, as a `data:` URL.
pub async fn cached_image(pool: &SqlitePool, sha256: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT data_url FROM product_images WHERE sha256 = $1").bind(sha256).fetch_optional(pool).await?)
}

pub async fn cache_image(pool: &SqlitePool, sha256: &str, data_url: &str) -> Result<()> {
    sqlx::query("INSERT INTO product_images (sha256, data_url) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
        .bind(sha256)
        .bind(data_url)
        .execute(pool)
        .await?;
    Ok(())
}
