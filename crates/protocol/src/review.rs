//! The supplier's review (审核) of placed orders: the two-level rule, a decision, an order as the
//! back office lists it.

use crate::orders::Order;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// When an order needs two reviews (审核): a branch's customer's order above `hq_review_over` is
/// approved by the branch first, then by headquarters. None: one review decides every order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewRule {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "20000.00"))]
    pub hq_review_over: Option<crate::money::Money>,
}

/// Approving or rejecting an order (审核); a rejection needs a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewDecision {
    #[serde(default)]
    pub reason: Option<String>,
}

/// An order as the back office sees it: with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerOrder {
    pub customer_code: String,
    pub customer_name: String,
    pub order: Order,
}

/// The back office's order queue (`GET /api/v1/admin/orders`): filters, sort and a page. Every
/// parameter is optional and arrives as query-string text; the hub answers a value it can't read
/// with `bad_request` naming the parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OrderQueueQuery {
    /// One status or several, comma-separated: `submitted`, `submitted,approved`.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    /// The first day (YYYY-MM-DD) the order was placed on, in the supplier's calendar (its time zone).
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    /// The last day (YYYY-MM-DD, inclusive) the order was placed on, in the supplier's calendar.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Text found in the customer's code or name (a whole code finds that customer).
    #[serde(default)]
    #[ts(optional)]
    pub customer: Option<String>,
    /// A branch by name (西湖分公司) or id: its customers' orders and those of the branches under it.
    #[serde(default)]
    #[ts(optional)]
    pub branch: Option<String>,
    /// The smallest total, in yuan to the fen (`100.00`), inclusive.
    #[serde(default)]
    #[ts(optional)]
    pub min_amount: Option<String>,
    /// The largest total, in yuan to the fen, inclusive.
    #[serde(default)]
    #[ts(optional)]
    pub max_amount: Option<String>,
    /// `true`: only submitted orders waiting for this member of staff's level of review (a branch
    /// reviewer: those the branch hasn't approved; headquarters: all but the large orders of a
    /// branch's customer its branch hasn't approved yet). Reviewers and admins only.
    #[serde(default)]
    #[ts(optional)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<bool>), schema(value_type = Option<bool>))]
    pub awaiting_me: Option<String>,
    /// `newest` (the default), `oldest`, `amount_desc`, `amount_asc`, `customer` (by code, then newest).
    #[serde(default)]
    #[ts(optional)]
    pub sort: Option<String>,
    /// Orders per page: 50 unless given, at most 200.
    #[serde(default)]
    #[ts(optional)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>), schema(value_type = Option<u32>))]
    pub limit: Option<String>,
    /// The previous page's `next`, with the same filters and sort.
    #[serde(default)]
    #[ts(optional)]
    pub after: Option<String>,
}

/// An order in the queue: what a reviewer sorts and picks by, without its lines (fetch
/// `GET /api/v1/admin/orders/{order_id}` for those).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewQueueOrder {
    pub order_id: uuid::Uuid,
    pub order_number: String,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's branch (分公司); none for headquarters' own customers.
    pub branch: Option<String>,
    pub status: crate::orders::OrderStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub cycle_date: chrono::NaiveDate,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1810.62"))]
    pub total: crate::money::Money,
    /// A large order the customer's branch approved, waiting for headquarters.
    pub branch_approved: bool,
}

/// One page of the order queue; `next` is the `after` of the following page, none on the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderQueuePage {
    pub orders: Vec<ReviewQueueOrder>,
    pub next: Option<String>,
}

/// One order as a reviewer decides it (`GET /api/v1/admin/orders/{order_id}`): whose it is, the
/// order with its lines and history (`order.history`: every status it went through, when, by whom,
/// with the note or the rejection's reason), the customer's money, each line's supply in the
/// order's cycle, and whether it waits for this member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewOrderDetail {
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's branch (分公司); none for headquarters' own customers.
    pub branch: Option<String>,
    /// The customer's tier (客户级别), which its prices follow.
    pub tier: String,
    pub order: Order,
    /// Prepaid balance, credit limit, open orders (this one among them while it is submitted or
    /// approved) and what a new order may still come to, as the hub's 余额不足 check counts them.
    pub balance: crate::ledger::Balance,
    /// One per line of the order, in its order.
    pub supply: Vec<ReviewLineSupply>,
    /// A submitted order waiting for this member of staff's level of review: approving it now
    /// decides it, or approves it for the branch (as the queue's `awaitingMe` finds it).
    pub awaiting_me: bool,
    /// A large order the customer's branch approved, waiting for headquarters.
    pub branch_approved: bool,
}

/// A line's product as the warehouse and the allocations stand now, for the order's cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewLineSupply {
    pub product_code: String,
    /// Stock on hand (库存); none when the product's stock is not tracked.
    pub on_hand: Option<u32>,
    /// Stock available to order (可订货量), after what placed orders took; none when not tracked.
    pub available: Option<u32>,
    /// The customer's allocation (货源分配) of the product for the order's cycle; none: not allocated.
    pub allocation: Option<u32>,
    /// What is left of that allocation after the cycle's placed orders, this one among them.
    pub allocation_left: Option<u32>,
}
