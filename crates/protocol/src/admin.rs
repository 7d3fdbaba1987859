//! The supplier's back-office API: customers and their accounts, catalogue, stock, allocations,
//! announcements, and order review. Staff only; what each role may do is enforced by the hub.

use crate::cycles::OrderingSchedule;
use crate::money::Money;
use crate::orders::Order;
use chrono::{DateTime, NaiveDate, Utc};
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
    pub role: crate::auth::UserRole,
}

/// An issued password, shown once to the member of staff who issued it, to hand over. The hub
/// keeps only its hash, and the customer must change it at first login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuedAccount {
    pub username: String,
    pub initial_password: String,
}

/// A one-time token to set a forgotten password; valid for a day, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuedResetToken {
    pub username: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetStock {
    pub on_hand: u32,
    pub available: u32,
}

/// 货源分配 for one customer and product: for one cycle, or standing for every cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetAllocation {
    pub customer_code: String,
    pub product_code: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cycle_date: Option<NaiveDate>,
    pub quantity: u32,
}

/// Which allocation to remove: a customer's standing one (no `cycle_date`) or one cycle's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemoveAllocation {
    pub customer_code: String,
    pub product_code: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cycle_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewAnnouncement {
    pub title: String,
    pub body: String,
    /// Only this tier sees it; none: every customer.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

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

/// A product as the supplier maintains it (one row of a catalogue import or export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductRecord {
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub brand: String,
    /// A path in the category tree, levels separated by `/` (e.g. "饮料/茶饮料").
    pub category: String,
    pub origin: String,
    pub specification: String,
    pub unit: String,
    pub pack_multiple: u32,
    pub min_per_order: u32,
    pub max_per_order: Option<u32>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "250.00"))]
    pub base_price: Money,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub retail_price: Option<Money>,
    pub status: crate::catalogue::ProductStatus,
    pub is_new: bool,
    /// VAT rate in percent (税率: 13 means 13%); 0 to 100, to 0.01.
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "13"))]
    pub tax_rate: Option<rust_decimal::Decimal>,
    /// 商品描述
    #[serde(default)]
    pub description: String,
}

/// One bad cell in an imported file: the row as the spreadsheet numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub reason: String,
}

/// What an import did. With any row error, nothing was imported and `errors` lists every one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub errors: Vec<RowError>,
}

/// A price rule as the back office keeps it: for one customer or one tier, for one product or all,
/// a fixed price (一口价) or a rate on the base price (结算率), with optional validity dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PriceRuleRecord {
    /// Given by the hub; ignored when creating.
    #[serde(default)]
    pub id: i64,
    #[serde(default)]
    pub customer_code: Option<String>,
    #[serde(default)]
    pub tier: Option<String>,
    /// None: every product.
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "228.00"))]
    pub fixed_price: Option<Money>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.92"))]
    pub rate: Option<rust_decimal::Decimal>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub valid_to: Option<NaiveDate>,
}
