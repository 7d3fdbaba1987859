//! Claiming a new order's client-chosen id: the order's first write, `INSERT … ON CONFLICT DO
//! NOTHING`, so that of two requests racing with one id the second waits for the first and then
//! finds the id taken. A checked order is claimed with its whole row at once (number, status,
//! total); a refused one with a placeholder row, only to learn whether it is a repeat, and rolled
//! back.

use crate::db::Backend;
use crate::error::HubResult;
use chrono::NaiveDate;
use restock_protocol::orders::OrderStatus;
use sqlx::AnyConnection;

/// Who is ordering, with which id and request.
pub struct Claim<'a> {
    pub order_id: &'a str,
    pub customer_id: i64,
    pub user_id: i64,
    pub request_hash: &'a str,
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

/// Inserts the order's row, numbered; its number, or `None` if the id was already taken.
pub async fn claim_order(conn: &mut AnyConnection, backend: Backend, claim: &Claim<'_>, row: &Row) -> HubResult<Option<String>> {
    let prefix = format!("SO-{}-", row.today.format("%Y%m%d"));
    let (sql, number) = match backend {
        // The sequence inside the INSERT: one round trip. A repeat (conflict) uses up a number;
        // a sequence has gaps anyway.
        Backend::Postgres => (
            "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date, closes_at)
             SELECT $1, $2, $3, $4 || CASE WHEN n.v < 1000000 THEN lpad(CAST(n.v AS TEXT), 6, '0') ELSE CAST(n.v AS TEXT) END,
                    $5, $6, $7, $8, $9, $10
             FROM (SELECT nextval('order_number_seq') AS v) n
             ON CONFLICT (order_id) DO NOTHING RETURNING order_number",
            prefix,
        ),
        // The counter first; a repeat rolls it back with everything else.
        Backend::Sqlite => {
            let sequence = super::next_order_sequence(conn, backend).await?;
            (
                "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date, closes_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (order_id) DO NOTHING RETURNING order_number",
                format!("{prefix}{sequence:06}"),
            )
        }
    };
    Ok(sqlx::query_scalar(sql)
        .bind(claim.order_id)
        .bind(claim.customer_id)
        .bind(claim.user_id)
        .bind(number)
        .bind(claim.request_hash)
        .bind(row.status.as_str())
        .bind(row.total_fen)
        .bind(claim.now_ms)
        .bind(row.cycle.to_string())
        .bind(row.closes_at_ms)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Claims the id with a placeholder row, for a request that will be refused unless it repeats an
/// earlier one. True if the id was free.
pub async fn claim_id(conn: &mut AnyConnection, claim: &Claim<'_>) -> HubResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(claim.order_id)
    .bind(claim.customer_id)
    .bind(claim.user_id)
    .bind(format!("claim:{}", claim.order_id))
    .bind(claim.request_hash)
    .bind(OrderStatus::Saved.as_str())
    .bind(claim.now_ms)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
