//! The local mirror of the hub's supply rules: this customer's allocations left and the stock
//! available, as of the last sync. Quantities are checked against them with the function the hub
//! uses (`check_order_quantity`), so the buyer sees a cut before submitting, not after.

pub mod staff;

use crate::error::Result;
use restock_protocol::catalogue::Product;
use restock_protocol::supply::{SupplyChanges, SupplyItem, SupplyLimits};
use sqlx::SqlitePool;
use std::collections::HashMap;

/// Applies a delta pull at once, with its cursor: a full pull replaces everything, otherwise the
/// changed products are written and the tombstoned ones dropped (no longer limited).
pub async fn apply_changes(pool: &SqlitePool, connection_id: i64, changes: &SupplyChanges) -> Result<()> {
    let mut tx = pool.begin().await?;
    if changes.full {
        sqlx::query("DELETE FROM supply WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
    } else {
        sqlx::query("DELETE FROM supply WHERE connection_id = $1 AND product_code IN (SELECT value FROM json_each($2))")
            .bind(connection_id)
            .bind(serde_json::to_string(&changes.removed).expect("codes serialize"))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO supply (connection_id, product_code, allocation, allocation_left, available)
         SELECT $1, json_extract(value, '$.productCode'), json_extract(value, '$.allocation'),
                json_extract(value, '$.allocationLeft'), json_extract(value, '$.available')
         FROM json_each($2) WHERE true
         ON CONFLICT (connection_id, product_code) DO UPDATE SET
            allocation = excluded.allocation, allocation_left = excluded.allocation_left, available = excluded.available",
    )
    .bind(connection_id)
    .bind(serde_json::to_string(&changes.items).expect("supply serializes"))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE connections SET supply_cursor = $2 WHERE id = $1")
        .bind(connection_id)
        .bind(&changes.cursor)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Where the last supply pull ended (none: pull everything).
pub async fn cursor(pool: &SqlitePool, connection_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT supply_cursor FROM connections WHERE id = $1").bind(connection_id).fetch_one(pool).await?)
}

/// The supply of `codes` (products with none are unlimited and absent).
pub async fn of(pool: &SqlitePool, connection_id: i64, codes: &[&str]) -> Result<HashMap<String, SupplyItem>> {
    #[derive(sqlx::FromRow)]
    struct SupplyRow {
        product_code: String,
        allocation: Option<i64>,
        allocation_left: Option<i64>,
        available: Option<i64>,
    }
    let rows: Vec<SupplyRow> = sqlx::query_as(
        "SELECT product_code, allocation, allocation_left, available FROM supply
         WHERE connection_id = $1 AND product_code IN (SELECT value FROM json_each($2))",
    )
    .bind(connection_id)
    .bind(serde_json::to_string(codes).expect("codes serialize"))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.product_code.clone(), item(row.product_code, row.allocation, row.allocation_left, row.available)))
        .collect())
}

/// A stored supply row (counts as SQLite keeps them) as the protocol's item.
pub(crate) fn item(product_code: String, allocation: Option<i64>, left: Option<i64>, available: Option<i64>) -> SupplyItem {
    let count = |v: Option<i64>| v.and_then(|v| u32::try_from(v.max(0)).ok());
    SupplyItem { product_code, allocation: count(allocation), allocation_left: count(left), available: count(available) }
}

/// What limits a product's order quantity for this customer now.
pub fn limits(product: &Product, supply: Option<&SupplyItem>) -> SupplyLimits {
    SupplyLimits {
        rules: product.rules,
        allocation_left: supply.and_then(|s| s.allocation_left),
        available: supply.and_then(|s| s.available),
    }
}
