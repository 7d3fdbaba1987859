//! Customers as the back office keeps them: created with a first user, listed, given a balance.

use crate::cycles::OrderingSchedule;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A customer the supplier creates, with its first user and an issued password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewCustomer {
    /// The customer code, e.g. a 12-digit licence number; also the first user's name.
    pub code: String,
    pub name: String,
    pub tier: String,
    /// The branch (分公司) it belongs to; none: headquarters.
    #[serde(default)]
    pub branch: Option<String>,
}

/// Another user for a customer company: a second buyer, or its approver (审批人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewCustomerUser {
    pub username: String,
    /// `buyer` or `approver`.
    pub role: crate::accounts::UserRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerSummary {
    pub code: String,
    pub name: String,
    pub tier: String,
    /// `active`, or `pending` for a self-registered customer awaiting approval.
    pub status: String,
    pub branch: Option<String>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub prepaid: Option<Money>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Money>,
    pub schedule: OrderingSchedule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetBalance {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub prepaid: Option<Money>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Money>,
}
