//! Submitting the cart as an order exactly once, and the local copy of my orders.
//!
//! The order's id is chosen and written down before the first attempt. If the network fails or the
//! app dies after sending, the next attempt sends the same id and the same lines, and the hub answers
//! with the order it already has instead of making a second one.

use crate::cart;
use crate::error::{CoreError, Result};
use restock_protocol::home::HomeStatus;
use restock_protocol::money::Money;
use restock_protocol::orders::{CreateOrder, Order, OrderLineInput};
use restock_protocol::{ApiError, ErrorCode};
use sqlx::SqlitePool;
use uuid::Uuid;

mod actions;
mod desk;
pub mod queue;

pub use desk::QueueReport;

/// The submission to send for a cart: its unacknowledged one if there is one, else a new one made
/// from the cart, carrying the total the buyer was shown so the hub refuses rather than charges a
/// different one. Each cart has at most one waiting; several carts may wait (the offline queue).
pub async fn next_submission(pool: &SqlitePool, connection_id: i64, cart_id: i64, shown_total: Money) -> Result<CreateOrder> {
    let pending: Option<String> = sqlx::query_scalar(
        "SELECT body FROM pending_submissions WHERE connection_id = $1 AND cart_id = $2 AND refusal IS NULL
         ORDER BY created_at LIMIT 1",
    )
    .bind(connection_id)
    .bind(cart_id)
    .fetch_optional(pool)
    .await?;
    if let Some(body) = pending {
        tracing::info!("resending an order the hub has not acknowledged yet");
        return Ok(serde_json::from_str(&body).expect("stored submission parses"));
    }
    let view = cart::view(pool, connection_id, cart_id).await?;
    let lines = order_lines(&view)?;
    let submission = CreateOrder { order_id: Uuid::now_v7(), lines, expected_total: Some(shown_total) };
    sqlx::query("INSERT INTO pending_submissions (order_id, connection_id, body, created_at, cart_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(submission.order_id.to_string())
        .bind(connection_id)
        .bind(serde_json::to_string(&submission).expect("submission serializes"))
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(cart_id)
        .execute(pool)
        .await?;
    Ok(submission)
}

/// The lines to send for a cart: the order quantities, with the demand where the rules cut it (it
/// comes back as a short item). An empty cart, or a line of which nothing can be ordered, is
/// refused here as the hub would refuse it.
pub fn order_lines(view: &cart::views::CartView) -> Result<Vec<OrderLineInput>> {
    if view.lines.is_empty() {
        return Err(CoreError::Refused(ApiError::new(ErrorCode::EmptyOrder, "the cart is empty")));
    }
    let problems: Vec<_> = view.lines.iter().filter_map(|l| l.problem.clone()).collect();
    if !problems.is_empty() {
        let message = format!("{} lines can't be ordered as they are: change or remove them", problems.len());
        return Err(CoreError::Refused(ApiError::new(ErrorCode::OrderRejected, message).with_lines(problems)));
    }
    Ok(view
        .lines
        .iter()
        .map(|l| OrderLineInput {
            product_code: l.product.code.clone(),
            quantity: l.order_quantity,
            demand: (l.quantity > l.order_quantity).then_some(l.quantity),
        })
        .collect())
}

/// Whether a cart's submission is waiting for the hub's acknowledgement (it is resent as it is).
pub async fn has_pending(pool: &SqlitePool, cart_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_submissions WHERE cart_id = $1 AND refusal IS NULL")
        .bind(cart_id)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// The hub has the order: forget the submission, take its lines out of the cart it came from and
/// keep the order, all at once. Lines the buyer changed after the first attempt stay in the cart.
pub async fn acknowledged(pool: &SqlitePool, connection_id: i64, order: &Order) -> Result<()> {
    let mut tx = pool.begin().await?;
    let pending: Option<(String, Option<i64>)> =
        sqlx::query_as("DELETE FROM pending_submissions WHERE order_id = $1 RETURNING body, cart_id")
            .bind(order.order_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((body, Some(cart_id))) = pending {
        let submitted: CreateOrder = serde_json::from_str(&body).expect("stored submission parses");
        for line in &submitted.lines {
            // Matched on what the buyer typed: a line changed since the first attempt stays.
            sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_code = $2 AND quantity = $3")
                .bind(cart_id)
                .bind(&line.product_code)
                .bind(i64::from(line.demand.unwrap_or(line.quantity)))
                .execute(&mut *tx)
                .await?;
        }
    }
    upsert(&mut *tx, connection_id, order).await?;
    tx.commit().await?;
    Ok(())
}

/// The hub refused the order's content as the buyer submitted it: forget the submission; the cart
/// stays for the user to edit (they see the refusal at once).
pub async fn refused(pool: &SqlitePool, order_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM pending_submissions WHERE order_id = $1").bind(order_id.to_string()).execute(pool).await?;
    Ok(())
}

pub async fn replace_history(pool: &SqlitePool, connection_id: i64, orders: &[Order]) -> Result<()> {
    let mut tx = pool.begin().await?;
    for order in orders {
        upsert(&mut *tx, connection_id, order).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// My orders as last seen, newest first.
pub async fn history(pool: &SqlitePool, connection_id: i64) -> Result<Vec<Order>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM orders WHERE connection_id = $1 ORDER BY created_at DESC, order_id DESC")
            .bind(connection_id)
            .fetch_all(pool)
            .await?;
    Ok(bodies.iter().map(|b| serde_json::from_str(b).expect("stored order parses")).collect())
}

async fn upsert(executor: impl sqlx::SqliteExecutor<'_>, connection_id: i64, order: &Order) -> Result<()> {
    sqlx::query(
        "INSERT INTO orders (order_id, connection_id, order_number, created_at, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (order_id) DO UPDATE SET order_number = excluded.order_number, body = excluded.body",
    )
    .bind(order.order_id.to_string())
    .bind(connection_id)
    .bind(&order.order_number)
    .bind(order.created_at.to_rfc3339())
    .bind(serde_json::to_string(order).expect("order serializes"))
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn remember_home_status(pool: &SqlitePool, connection_id: i64, status: &HomeStatus) -> Result<()> {
    sqlx::query(
        "INSERT INTO desk_status (connection_id, body, fetched_at) VALUES ($1, $2, $3)
         ON CONFLICT (connection_id) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
    )
    .bind(connection_id)
    .bind(serde_json::to_string(status).expect("desk status serializes"))
    .bind(chrono::Utc::now().to_rfc3339())
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn last_home_status(pool: &SqlitePool, connection_id: i64) -> Result<Option<HomeStatus>> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM desk_status WHERE connection_id = $1").bind(connection_id).fetch_optional(pool).await?;
    Ok(home_status_from_stored(body))
}

/// The stored home screen (`None` before the first, or when it no longer parses).
pub fn home_status_from_stored(body: Option<String>) -> Option<HomeStatus> {
    body.and_then(|b| serde_json::from_str(&b).ok())
}

/// Keeps the remembered home screen in step with an order the desk just changed, so that offline
/// it doesn't show a confirmed order as still waiting for 决定购买.
pub async fn note_in_home_status(pool: &SqlitePool, connection_id: i64, order: &Order) -> Result<()> {
    let Some(mut status) = last_home_status(pool, connection_id).await? else { return Ok(()) };
    let mut changed = false;
    for cycle_order in status.cycle_orders.iter_mut().filter(|o| o.order_id == order.order_id) {
        cycle_order.status = order.status;
        cycle_order.total = order.total;
        changed = true;
    }
    if changed {
        remember_home_status(pool, connection_id, &status).await?;
    }
    Ok(())
}

/// The supplier's calendar day, in its time zone as the last home screen gave it (Asia/Shanghai
/// until one has been seen): promotions and prices are valid by the supplier's day.
pub fn today_in(status: Option<&HomeStatus>) -> chrono::NaiveDate {
    let zone = status.and_then(|s| s.time_zone.parse::<chrono_tz::Tz>().ok()).unwrap_or(chrono_tz::Asia::Shanghai);
    chrono::Utc::now().with_timezone(&zone).date_naive()
}

pub async fn orders_cursor(pool: &SqlitePool, connection_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT orders_cursor FROM connections WHERE id = $1").bind(connection_id).fetch_one(pool).await?)
}

pub async fn set_orders_cursor(pool: &SqlitePool, connection_id: i64, cursor: i64) -> Result<()> {
    sqlx::query("UPDATE connections SET orders_cursor = $1 WHERE id = $2").bind(cursor).bind(connection_id).execute(pool).await?;
    Ok(())
}
