//! The offline queue: orders submitted while the hub could not be reached, one per cart, each sent
//! exactly once when it is back (the same id every time). What the hub then refuses (the cutoff
//! passed, a price changed) stays in the queue with the reason until the buyer dismisses it: never
//! silently dropped.

use crate::error::Result;
use restock_protocol::orders::CreateOrder;
use restock_protocol::ApiError;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueuedOrder {
    pub order_id: Uuid,
    /// The cart it came from (its lines stay there until the hub has the order).
    pub cart_name: Option<String>,
    pub line_count: u32,
    /// RFC 3339: when the buyer submitted it.
    pub queued_at: String,
    /// Set when the hub refused it as it was sent from the queue.
    pub refusal: Option<ApiError>,
}

#[derive(sqlx::FromRow)]
struct QueuedRow {
    order_id: String,
    body: String,
    created_at: String,
    refusal: Option<String>,
    name: Option<String>,
}

/// Every queued order of a connection, oldest first.
pub async fn list(pool: &SqlitePool, connection_id: i64) -> Result<Vec<QueuedOrder>> {
    let rows: Vec<QueuedRow> = sqlx::query_as(
        "SELECT p.order_id, p.body, p.created_at, p.refusal, c.name FROM pending_submissions p
         LEFT JOIN carts c ON c.id = p.cart_id WHERE p.connection_id = $1 ORDER BY p.created_at, p.order_id",
    )
    .bind(connection_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|QueuedRow { order_id, body, created_at: queued_at, refusal, name: cart_name }| {
            let submission: CreateOrder = serde_json::from_str(&body).ok()?;
            Some(QueuedOrder {
                order_id: order_id.parse().ok()?,
                cart_name,
                line_count: submission.lines.len() as u32,
                queued_at,
                refusal: refusal.and_then(|r| serde_json::from_str(&r).ok()),
            })
        })
        .collect())
}

/// The submissions still to send, oldest first.
pub async fn waiting(pool: &SqlitePool, connection_id: i64) -> Result<Vec<CreateOrder>> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM pending_submissions WHERE connection_id = $1 AND refusal IS NULL ORDER BY created_at, order_id",
    )
    .bind(connection_id)
    .fetch_all(pool)
    .await?;
    Ok(bodies.iter().filter_map(|b| serde_json::from_str(b).ok()).collect())
}

/// The hub refused a queued order: keep it, with the reason, for the buyer to see.
pub async fn mark_refused(pool: &SqlitePool, order_id: Uuid, refusal: &ApiError) -> Result<()> {
    sqlx::query("UPDATE pending_submissions SET refusal = $1 WHERE order_id = $2")
        .bind(serde_json::to_string(refusal).expect("errors serialize"))
        .bind(order_id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// The buyer has seen a refused order: forget it (its cart is still there to edit and submit again).
pub async fn dismiss(pool: &SqlitePool, order_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM pending_submissions WHERE order_id = $1 AND refusal IS NOT NULL")
        .bind(order_id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}
