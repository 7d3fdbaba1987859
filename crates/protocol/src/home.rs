//! The customer's home screen in one answer: this cycle, the money left, the supplier's
//! announcements and what was short last time.

use crate::accounts::Account;
use crate::announcements::Announcement;
use crate::cycles::{CycleWindow, OrderingSchedule};
use crate::ledger::Balance;
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
pub struct HomeStatus {
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
    pub company: crate::orders::approval::CompanyApproval,
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
