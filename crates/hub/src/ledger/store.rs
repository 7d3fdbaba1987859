//! The customer's money as stored: prepaid balance and credit limit (fen), and the total of its
//! placed orders not yet paid for.

use crate::db::{Fen, Tx};
use crate::error::HubResult;
use restock_protocol::money::Money;
use restock_protocol::orders::OrderStatus;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
pub struct Limits {
    pub prepaid_balance_fen: Option<Fen>,
    pub credit_limit_fen: Option<Fen>,
}

pub async fn limits(conn: &mut AnyConnection, customer_id: i64) -> HubResult<Limits> {
    Ok(sqlx::query_as("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// The same, with the customer's row held until this write ends: two orders racing for the same
/// money are decided one after the other.
pub async fn lock_limits(tx: &mut Tx, customer_id: i64) -> HubResult<Limits> {
    let sql = format!("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = $1{}", tx.row_lock());
    Ok(sqlx::query_as(&sql).bind(customer_id).fetch_one(&mut **tx).await?)
}

/// The total of the customer's placed orders (submitted or approved), but `except`.
pub async fn open_orders(conn: &mut AnyConnection, customer_id: i64, except: Option<&str>) -> HubResult<Money> {
    let open: Option<Fen> = sqlx::query_scalar(
        "SELECT CAST(SUM(total_fen) AS BIGINT) FROM orders WHERE customer_id = $1 AND status IN ($2, $3) AND order_id <> $4",
    )
    .bind(customer_id)
    .bind(OrderStatus::Submitted.as_str())
    .bind(OrderStatus::Approved.as_str())
    .bind(except.unwrap_or(""))
    .fetch_one(&mut *conn)
    .await?;
    Ok(open.unwrap_or_default().money())
}
