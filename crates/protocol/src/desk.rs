//! The customer's home screen in one answer: this cycle, the money left, the supplier's
//! announcements and what was short last time.

use crate::auth::Account;
use crate::cycles::{CycleWindow, OrderingSchedule};
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::supply::ShortItem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskStatus {
    pub account: Account,
    /// The hub's clock: countdowns run from it, not from the PC's.
    pub now: DateTime<Utc>,
    /// The supplier's time zone (IANA name), in which ordering days and cutoffs are set.
    pub time_zone: String,
    pub schedule: OrderingSchedule,
    pub cycle: CycleWindow,
    /// This cycle's orders (the open one, or the last one when ordering is closed), newest first.
    pub cycle_orders: Vec<CycleOrder>,
    pub balance: Balance,
    pub announcements: Vec<Announcement>,
    /// Short in the last cycle that had orders (上次需求缺货).
    pub short_items: Vec<ShortItem>,
    /// The company's approval limit (审批) and whether this user approves.
    #[serde(default)]
    pub company: crate::approval::CompanyApproval,
    /// Set by the desk when the hub could not be reached and this is the last status it saw: `now`
    /// is then when it was seen, not the hub's clock now.
    #[serde(default)]
    pub offline: bool,
}

/// Enough of an order to say whether this cycle's order has gone through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CycleOrder {
    pub order_id: Uuid,
    pub order_number: String,
    pub status: OrderStatus,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: Money,
}

/// Prepaid balance (预付款) and credit limit (信用额度). `available` is what a new order may come
/// to: balance + credit − open orders; none when the supplier sets no limit for this customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Balance {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub prepaid: Option<Money>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Money>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub open_orders: Money,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub available: Option<Money>,
}

/// 系统公告: supply notices, new products, promotions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Announcement {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
}

/// A delta pull of the announcements this customer sees (`GET /api/v1/announcements/changes`):
/// those published or changed since the cursor, and the ids of those withdrawn or expired since.
/// With `full`, `announcements` is everything current and the app replaces what it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnnouncementChanges {
    /// Pass it back as `since` on the next pull.
    pub cursor: String,
    pub full: bool,
    pub announcements: Vec<Announcement>,
    /// Tombstones: ids of announcements withdrawn or expired.
    pub removed: Vec<i64>,
}
