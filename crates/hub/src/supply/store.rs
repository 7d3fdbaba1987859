//! Every query of stock (可订货量), allocations (货源分配) and what placed orders used of them.
//! Taking is done with conditional updates that never let a count go past its limit, so two orders
//! racing for the last units can't both have them, on SQLite or on several hubs sharing one
//! PostgreSQL. A standing allocation (for every cycle) is stored with the cycle date `''`.

use crate::db::{Count, Tx};
use crate::error::HubResult;
use chrono::NaiveDate;
use sqlx::AnyConnection;

/// The allocation in force for `cycle`: a row dated for that cycle, else the standing one ('').
const EFFECTIVE_ALLOCATIONS: &str = "
    SELECT a.product_code, a.quantity, COALESCE(u.used, 0) AS used
    FROM allocations a
    LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code AND u.cycle_date = $2
    WHERE a.customer_id = $1
      AND (a.cycle_date = $2 OR (a.cycle_date = '' AND NOT EXISTS (
            SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = $2)))";

#[derive(sqlx::FromRow)]
pub struct AllocationRow {
    pub product_code: String,
    pub quantity: Count,
    pub used: Count,
}

pub async fn allocations(conn: &mut AnyConnection, customer_id: i64, cycle: NaiveDate) -> HubResult<Vec<AllocationRow>> {
    Ok(sqlx::query_as(EFFECTIVE_ALLOCATIONS).bind(customer_id).bind(cycle.to_string()).fetch_all(&mut *conn).await?)
}

/// Stock available to order, of `codes` or of every product that tracks it.
pub async fn available(conn: &mut AnyConnection, codes: Option<&[String]>) -> HubResult<Vec<(String, Count)>> {
    Ok(match codes {
        None => sqlx::query_as("SELECT product_code, available FROM stock").fetch_all(&mut *conn).await?,
        Some([]) => Vec::new(),
        Some(codes) => {
            let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT product_code, available FROM stock WHERE product_code IN ({})", placeholders.join(", "));
            let mut query = sqlx::query_as(&sql);
            for code in codes {
                query = query.bind(code);
            }
            query.fetch_all(&mut *conn).await?
        }
    })
}

#[derive(sqlx::FromRow)]
pub struct StockRow {
    pub product_code: String,
    pub on_hand: Count,
    pub available: Count,
}

/// On-hand and available stock of those of `codes` that track it.
pub async fn stock(conn: &mut AnyConnection, codes: &[String]) -> HubResult<Vec<StockRow>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT product_code, on_hand, available FROM stock WHERE product_code IN ({})", placeholders.join(", "));
    let mut query = sqlx::query_as(&sql);
    for code in codes {
        query = query.bind(code);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Takes `quantity` from the customer's allocation of `product_code` for `cycle` if it still fits
/// under `allocated`. False: it doesn't (another order may have taken some since it was read).
pub async fn take_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: NaiveDate, quantity: u32, allocated: u32,
) -> HubResult<bool> {
    sqlx::query(
        "INSERT INTO allocation_use (customer_id, product_code, cycle_date, used) VALUES ($1, $2, $3, 0)
         ON CONFLICT (customer_id, product_code, cycle_date) DO NOTHING",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .execute(&mut **tx)
    .await?;
    let taken = sqlx::query(
        "UPDATE allocation_use SET used = used + $4
         WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used + $4 <= $5",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .bind(i64::from(quantity))
    .bind(i64::from(allocated))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// Takes `quantity` from the stock available to order if there is that much. False: there isn't.
pub async fn take_stock(tx: &mut Tx, product_code: &str, quantity: u32, now_ms: i64) -> HubResult<bool> {
    let taken = sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2 AND available >= $1")
        .bind(i64::from(quantity))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(taken == 1)
}

/// The stock available to order of a product whose row this transaction already holds.
pub async fn available_of(tx: &mut Tx, product_code: &str) -> HubResult<u32> {
    let available: Count =
        sqlx::query_scalar("SELECT available FROM stock WHERE product_code = $1").bind(product_code).fetch_one(&mut **tx).await?;
    Ok(available.0)
}

/// Gives a cancelled (or changed) line's quantity back to the allocation, and it and its free goods
/// to the stock.
pub async fn give_back(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: NaiveDate, quantity: u32, free: u32, now_ms: i64,
) -> HubResult<()> {
    sqlx::query(
        "UPDATE allocation_use SET used = used - $4
         WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used >= $4",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .bind(i64::from(quantity))
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE stock SET available = available + $1, updated_at = $3 WHERE product_code = $2")
        .bind(i64::from(quantity) + i64::from(free))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes free goods from stock already checked to hold them.
pub async fn take_free_goods(tx: &mut Tx, product_code: &str, quantity: u32, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2")
        .bind(i64::from(quantity))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The products whose supply for this customer may have changed since `from_ms`: an allocation set
/// or removed, stock moved, or one of its orders changed.
pub async fn changed_codes(conn: &mut AnyConnection, customer_id: i64, from_ms: i64) -> HubResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT product_code FROM allocations WHERE customer_id = $1 AND updated_at >= $2
         UNION SELECT product_code FROM stock WHERE updated_at >= $2
         UNION SELECT product_code FROM supply_removals WHERE removed_at >= $2 AND (customer_id = $1 OR customer_id IS NULL)
         UNION SELECT l.product_code FROM orders o
               JOIN order_events e ON e.order_id = o.order_id
               JOIN order_lines l ON l.order_id = o.order_id
               WHERE o.customer_id = $1 AND e.at >= $2",
    )
    .bind(customer_id)
    .bind(from_ms)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_stock(tx: &mut Tx, product_code: &str, on_hand: u32, available: u32, now_ms: i64) -> HubResult<()> {
    sqlx::query(
        "INSERT INTO stock (product_code, on_hand, available, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_code) DO UPDATE SET on_hand = excluded.on_hand, available = excluded.available, updated_at = excluded.updated_at",
    )
    .bind(product_code)
    .bind(i64::from(on_hand))
    .bind(i64::from(available))
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stops tracking a product's stock, with a tombstone for every customer's app (customer NULL).
/// False: it wasn't tracked.
pub async fn untrack_stock(tx: &mut Tx, product_code: &str, now_ms: i64) -> HubResult<bool> {
    let deleted = sqlx::query("DELETE FROM stock WHERE product_code = $1").bind(product_code).execute(&mut **tx).await?.rows_affected();
    if deleted == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES (NULL, $1, $2)")
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// `cycle` None: the standing allocation, for every cycle.
pub async fn set_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: Option<NaiveDate>, quantity: u32, now_ms: i64,
) -> HubResult<()> {
    sqlx::query(
        "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id, product_code, cycle_date) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.map(|d| d.to_string()).unwrap_or_default())
    .bind(i64::from(quantity))
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes an allocation, with a tombstone for the customer's app. False: there was none.
pub async fn remove_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: Option<NaiveDate>, now_ms: i64,
) -> HubResult<bool> {
    let deleted = sqlx::query("DELETE FROM allocations WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3")
        .bind(customer_id)
        .bind(product_code)
        .bind(cycle.map(|d| d.to_string()).unwrap_or_default())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES ($1, $2, $3)")
        .bind(customer_id)
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}
