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
    /// `active`, `pending` for a self-registered customer awaiting approval, or `suspended` (暂停) by the supplier.
    pub status: String,
    pub branch: Option<String>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub prepaid: Option<Money>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Money>,
    pub schedule: OrderingSchedule,
    /// Who the supplier talks to (联系人), the phone and the delivery address.
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// What the back office edits of a customer: its name, tier, branch and how to reach it. Every
/// field is written as given (an empty contact clears it); the code is the customer's key and stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDetails {
    pub name: String,
    pub tier: String,
    /// The branch (分公司) by name; none: headquarters.
    #[serde(default)]
    pub branch: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// One of a customer's users, as the back office sees it (never its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerUser {
    pub username: String,
    pub role: crate::accounts::UserRole,
    /// Still on an issued (or reset) password, not yet changed.
    pub must_change_password: bool,
    /// Disabled by the supplier (停用): cannot log in.
    #[serde(default)]
    pub disabled: bool,
}

/// One customer as the back office opens it: everything of the summary, and its users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDetail {
    pub customer: CustomerSummary,
    pub users: Vec<CustomerUser>,
}

/// The back office's customer list, filtered on the hub. Every field is optional text as typed; a
/// value the hub can't read is `bad_request` naming it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct CustomerQuery {
    /// Text found in the code, the name or the contact (a whole code finds that customer).
    #[serde(default)]
    #[ts(optional)]
    pub q: Option<String>,
    /// `active`, `pending` for registrations awaiting approval (新客户审核), or `suspended`.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    /// A branch by name: its customers and those of the branches under it.
    #[serde(default)]
    #[ts(optional)]
    pub branch: Option<String>,
    /// At most this many, by code (1–1000; none: all).
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<String>,
}

/// A branch (总部, 大区, 分公司) of the supplier, which customers and staff belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Branch {
    pub name: String,
    /// `hq`, `region` or `branch`.
    pub kind: String,
    /// The branch it lies under, by name; none: directly under headquarters.
    pub parent: Option<String>,
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
