//! An order reopened in the grid (修改订单): a cart that knows which order it changes. Submitting it
//! changes that order (`PUT /api/v1/orders/{id}`) instead of placing a new one, and the cart goes
//! once the hub has the change.
//!
//! A placed order holds stock, allocation and money. The hub gives them back before it takes the
//! changed lines, so the cart adds them back too: otherwise the grid would cut a line the hub
//! allows and warn of a balance the hub does not count.

use crate::error::Result;
use restock_protocol::money::Money;
use restock_protocol::orders::{Order, OrderStatus};
use restock_protocol::supply::SupplyItem;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::collections::HashMap;
use uuid::Uuid;

/// What the order being changed holds, given back when its change is priced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// Counted in the balance's open orders.
    pub total: Money,
    /// Per product: (allocation used, stock taken: the quantity and its free goods).
    pub lines: HashMap<String, (u32, u32)>,
}

impl Held {
    /// What an order holds: only a placed one holds anything (a saved one or one waiting for the
    /// company's approval takes nothing until it is placed).
    pub fn of(order: &Order) -> Option<Held> {
        if order.status != OrderStatus::Submitted {
            return None;
        }
        let mut lines: HashMap<String, (u32, u32)> = HashMap::new();
        for line in &order.lines {
            let held = lines.entry(line.product_code.clone()).or_default();
            held.0 += line.quantity;
            held.1 += line.quantity;
        }
        for free in order.adjustments.iter().filter(|a| a.free_quantity > 0) {
            if let Some(held) = free.product_code.as_ref().and_then(|code| lines.get_mut(code)) {
                held.1 += free.free_quantity;
            }
        }
        Some(Held { total: order.total, lines })
    }

    /// The supply as the hub will see it once this order's lines are given back.
    pub fn give_back(&self, supply: &mut SupplyItem) {
        if let Some(&(allocated, taken)) = self.lines.get(&supply.product_code) {
            supply.allocation_left = supply.allocation_left.map(|left| left.saturating_add(allocated));
            supply.available = supply.available.map(|available| available.saturating_add(taken));
        }
    }
}

/// The cart already changing `order_id`, if there is one (reopening it twice opens the same cart).
pub async fn cart_changing(pool: &SqlitePool, connection_id: i64, order_id: Uuid) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM carts WHERE connection_id = $1 AND changes_order = $2")
        .bind(connection_id)
        .bind(order_id.to_string())
        .fetch_optional(pool)
        .await?)
}

/// Marks a cart as the change of `order`.
pub async fn mark(pool: &SqlitePool, cart_id: i64, order: &Order) -> Result<()> {
    let held = Held::of(order).map(|h| serde_json::to_string(&h).expect("held serializes"));
    sqlx::query("UPDATE carts SET changes_order = $1, changes_order_number = $2, held = $3 WHERE id = $4")
        .bind(order.order_id.to_string())
        .bind(&order.order_number)
        .bind(held)
        .bind(cart_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The order a cart changes, if it changes one.
pub async fn changes(pool: &SqlitePool, cart_id: i64) -> Result<Option<Uuid>> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT changes_order FROM carts WHERE id = $1").bind(cart_id).fetch_optional(pool).await?.flatten();
    Ok(id.and_then(|id| id.parse().ok()))
}

/// The hub has the change: the cart goes (the next most recent one becomes active) and the order
/// is kept as the hub answered, at once.
pub async fn finished(pool: &SqlitePool, connection_id: i64, cart_id: i64, order: &Order) -> Result<()> {
    super::delete(pool, connection_id, cart_id).await?;
    crate::orders::replace_history(pool, connection_id, std::slice::from_ref(order)).await
}

pub(super) fn held_from_stored(held: Option<String>) -> Option<Held> {
    held.and_then(|h| serde_json::from_str(&h).ok())
}
