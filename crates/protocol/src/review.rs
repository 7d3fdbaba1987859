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
