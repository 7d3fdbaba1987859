//! The local copy of a supplier's catalogue, and search over it.

use crate::error::Result;
use restock_protocol::catalogue::Product;
use sqlx::SqlitePool;

/// Replaces the connection's catalogue in one transaction: a half-applied pull is never visible.
pub async fn replace_all(pool: &SqlitePool, connection_id: i64, products: &[Product]) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM products WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
    for p in products {
        sqlx::query(
            "INSERT INTO products (connection_id, code, barcode, name, brand, category, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(connection_id)
        .bind(&p.code)
        .bind(&p.barcode)
        .bind(&p.name)
        .bind(&p.brand)
        .bind(&p.category)
        .bind(serde_json::to_string(p).expect("product serializes"))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Search by name, brand, code prefix or exact barcode; an exact code first, then code prefixes,
/// then the rest by code. An empty query lists the catalogue by code.
pub async fn search(pool: &SqlitePool, connection_id: i64, query: &str, limit: u32) -> Result<Vec<Product>> {
    let q = query.trim();
    let contains = format!("%{}%", escape_like(q));
    let prefix = format!("{}%", escape_like(q));
    let bodies: Vec<String> = sqlx::query_scalar(
        r"SELECT body FROM products
          WHERE connection_id = $1
            AND ($2 = '' OR code LIKE $3 ESCAPE '\' OR barcode = $2
                 OR name LIKE $4 ESCAPE '\' OR brand LIKE $4 ESCAPE '\')
          ORDER BY (code = $2) DESC, (code LIKE $3 ESCAPE '\') DESC, code
          LIMIT $5",
    )
    .bind(connection_id)
    .bind(q)
    .bind(&prefix)
    .bind(&contains)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(bodies.iter().map(|b| serde_json::from_str(b).expect("stored product parses")).collect())
}

pub async fn by_code(pool: &SqlitePool, connection_id: i64, code: &str) -> Result<Option<Product>> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM products WHERE connection_id = $1 AND code = $2")
            .bind(connection_id)
            .bind(code)
            .fetch_optional(pool)
            .await?;
    Ok(body.map(|b| serde_json::from_str(&b).expect("stored product parses")))
}

pub async fn count(pool: &SqlitePool, connection_id: i64) -> Result<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE connection_id = $1")
        .bind(connection_id)
        .fetch_one(pool)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
