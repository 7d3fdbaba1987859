//! Claiming a new order's client-chosen id: the order's first write, `INSERT … ON CONFLICT DO
//! NOTHING`, so that of two requests racing with one id the second waits for the first and then
//! finds the id taken. A checked order is claimed with its whole row at once (number, status,
//! total); a refused one with a placeholder row, only to learn whether it is a repeat, and rolled
//! back.

use crate::db::Tx;
use crate::error::HubResult;
use chrono::NaiveDate;
use restock_protocol::orders::OrderStatus;

/// Who is ordering, with which id and request.
pub struct Claim {
    pub order_id: String,
    pub customer_id: i64,
    pub user_id: i64,
    pub request_hash: String,
    pub now_ms: i64,
}

/// The row of an order that passed its checks.
pub struct Row {
    pub status: OrderStatus,
    pub total_fen: i64,
    pub cycle: NaiveDate,
    pub closes_at_ms: Option<i64>,
    /// The supplier's day, for the order number.
    pub today: NaiveDate,
}

/// Inserts the order's row, numbered; its number, or `None` if the id was already taken. A repeat
/// (a conflict) uses up a number on PostgreSQL, where a sequence has gaps anyway; on SQLite the
/// counter is rolled back with the rest.
pub async fn claim_order(tx: &mut Tx, claim: &Claim, row: &Row) -> HubResult<Option<String>> {
    let sequence = tx.next_order_sequence().await?;
    let number = format!("SO-{}-{sequence:06}", row.today.format("%Y%m%d"));
    Ok(sqlx::query_scalar(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date, closes_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (order_id) DO NOTHING RETURNING order_number",
    )
    .bind(&claim.order_id)
    .bind(claim.customer_id)
    .bind(claim.user_id)
    .bind(number)
    .bind(&claim.request_hash)
    .bind(row.status.as_str())
    .bind(row.total_fen)
    .bind(claim.now_ms)
    .bind(row.cycle.to_string())
    .bind(row.closes_at_ms)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Claims the id with a placeholder row, for a request that will be refused unless it repeats an
/// earlier one. True if the id was free.
pub async fn claim_id(tx: &mut Tx, claim: &Claim) -> HubResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(&claim.order_id)
    .bind(claim.customer_id)
    .bind(claim.user_id)
    .bind(format!("claim:{}", claim.order_id))
    .bind(&claim.request_hash)
    .bind(OrderStatus::Saved.as_str())
    .bind(claim.now_ms)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
