//! Orders: the client names each order with its own id (UUIDv7) so that sending it twice, after a
//! timeout or a crash, never makes a second order.

use crate::money::Money;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderLineInput {
    pub product_code: String,
    pub quantity: u32,
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
    Submitted,
    Approved,
    Rejected,
    Cancelled,
    Voided,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Submitted => "submitted",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Submitted, Self::Approved, Self::Rejected, Self::Cancelled, Self::Voided]
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
    pub lines: Vec<OrderLine>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1810.62"))]
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderList {
    pub orders: Vec<Order>,
}
