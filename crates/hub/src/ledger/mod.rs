//! The customer's account with the supplier. For now: the prepaid balance and credit limit an order
//! must fit in (余额不足 otherwise). Payments and statements come later.

use crate::db::Tx;
use crate::error::{HubError, HubResult};
use axum::http::StatusCode;
use restock_protocol::money::{format_yuan, from_fen, Money};
use restock_protocol::orders::OrderStatus;
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

/// Refuses an order whose total is more than the balance and credit left, counting the customer's
/// open (unpaid) orders. Call it inside the order's transaction: on PostgreSQL it locks the
/// customer's row, so two orders racing for the same money are decided one after the other (on
/// SQLite the order's write transaction already serializes them). `except` is an order being
/// changed: its old total is not counted.
pub async fn ensure_affordable(tx: &mut Tx, customer_id: i64, order_total: Money, except: Option<&str>) -> HubResult<()> {
    let (balance, credit): (Option<i64>, Option<i64>) =
        sqlx::query_as(&format!("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = $1{}", tx.row_lock()))
            .bind(customer_id)
            .fetch_one(&mut **tx)
            .await?;
    if balance.is_none() && credit.is_none() {
        return Ok(());
    }
    let open = open_orders(tx, customer_id, except).await?;
    let available = from_fen(balance.unwrap_or(0) + credit.unwrap_or(0)) - open;
    if order_total > available {
        return Err(HubError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InsufficientBalance,
            format!("余额不足: available {}, this order {}", format_yuan(available), format_yuan(order_total)),
        ));
    }
    Ok(())
}

/// The total of the customer's placed orders not yet paid for: what the balance and credit must cover.
pub async fn open_orders(conn: &mut AnyConnection, customer_id: i64, except: Option<&str>) -> HubResult<Money> {
    let open_fen: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(total_fen) AS BIGINT) FROM orders WHERE customer_id = $1 AND status IN ($2, $3) AND order_id <> $4",
    )
    .bind(customer_id)
    .bind(OrderStatus::Submitted.as_str())
    .bind(OrderStatus::Approved.as_str())
    .bind(except.unwrap_or(""))
    .fetch_one(&mut *conn)
    .await?;
    Ok(from_fen(open_fen.unwrap_or(0)))
}

/// What the home screen shows: balance, credit, open orders and what a new order may come to.
pub async fn balance_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<restock_protocol::desk::Balance> {
    let (prepaid, credit): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(&mut *conn)
            .await?;
    let open = open_orders(conn, customer_id, None).await?;
    let available = (prepaid.is_some() || credit.is_some()).then(|| from_fen(prepaid.unwrap_or(0) + credit.unwrap_or(0)) - open);
    Ok(restock_protocol::desk::Balance {
        prepaid: prepaid.map(from_fen),
        credit_limit: credit.map(from_fen),
        open_orders: open,
        available,
    })
}
