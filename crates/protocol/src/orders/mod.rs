//! Orders: the client names each order with its own id (UUIDv7) so that sending it twice, after a
//! timeout or a crash, never makes a second order.

pub mod approval;
pub mod cuts;
pub mod status;

/// The most lines one order may have: far more than any real order (hundreds are normal), and
/// few enough that checking and storing them stays within what both databases bind in one query.
pub const MOST_LINES: usize = 10_000;

use crate::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderLineInput {
    pub product_code: String,
    /// The order quantity (订单量): checked as it is, never adjusted by the hub.
    pub quantity: u32,
    /// What the buyer asked for (需求量), when the rules cut it to `quantity`. Kept so that a line
    /// cut by allocation or stock comes back as a short item next cycle.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub demand: Option<u32>,
}

/// No prices: the hub prices every line itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateOrder {
    /// Chosen by the client when the order is first submitted, and reused on every retry.
    pub order_id: Uuid,
    pub lines: Vec<OrderLineInput>,
    /// The total the buyer saw and accepted. Never used as a price: if the hub's own total differs,
    /// the order is refused (`price_changed`) rather than charged silently.
    #[serde(default)]
    #[ts(optional, type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub expected_total: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderStatus {
    /// Saved in a cycle with a cutoff: still to be confirmed (决定购买), voided at the cutoff if not.
    Saved,
    /// Placed: confirmed, or final on submit where the customer's cycle has no cutoff.
    Submitted,
    /// A buyer's order above the company's approval limit (审批): waits for one of the company's
    /// approvers, taking nothing meanwhile; voided at the cutoff like a saved order.
    AwaitingApproval,
    Approved,
    Rejected,
    Cancelled,
    Voided,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Saved => "saved",
            OrderStatus::Submitted => "submitted",
            OrderStatus::AwaitingApproval => "awaiting_approval",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Saved, Self::Submitted, Self::AwaitingApproval, Self::Approved, Self::Rejected, Self::Cancelled, Self::Voided]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderLine {
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: u32,
    /// What the buyer asked for; more than `quantity` when allocation or stock cut the line.
    #[serde(default)]
    pub demand: u32,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "228.00"))]
    pub unit_price: Money,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1596.00"))]
    pub line_amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Order {
    pub order_id: Uuid,
    /// The supplier's order number, shown to people (e.g. "SO-20261123-000042").
    pub order_number: String,
    pub status: OrderStatus,
    pub created_at: DateTime<Utc>,
    /// The ordering day this order belongs to (its allocations are that cycle's).
    #[serde(default)]
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub cycle_date: NaiveDate,
    /// Until when it can be changed, cancelled or confirmed; none when the cycle has no cutoff.
    #[serde(default)]
    pub closes_at: Option<DateTime<Utc>>,
    pub lines: Vec<OrderLine>,
    /// What promotions did: money off and free goods, one per promotion (and product) that applied.
    #[serde(default)]
    pub adjustments: Vec<crate::promotions::Adjustment>,
    /// The lines plus the adjustments.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1810.62"))]
    pub total: Money,
    /// Every status the order went through, oldest first.
    #[serde(default)]
    pub history: Vec<OrderEvent>,
}

/// One step in an order's life: what it became, when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub at: DateTime<Utc>,
    /// The user name, or "hub" for what the hub did itself (voiding at the cutoff).
    pub by: String,
    pub note: Option<String>,
}

/// A change to an order before the cutoff: its new lines, checked and priced as a new order is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeOrder {
    pub lines: Vec<OrderLineInput>,
    #[serde(default)]
    #[ts(optional, type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub expected_total: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderList {
    pub orders: Vec<Order>,
    /// Send it back as `since` for the orders changed after this pull (milliseconds; the hub
    /// overlaps a little, so an order may come twice: replace by id).
    #[serde(default)]
    #[ts(type = "number")]
    pub cursor: i64,
}
