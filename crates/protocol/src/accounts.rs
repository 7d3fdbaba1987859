//! Logging in: a customer's user signs in with the account the supplier issued and gets an opaque
//! session token to send as `Authorization: Bearer <token>`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoginRequest {
    /// Often the customer's 12-digit customer code.
    pub username: String,
    pub password: String,
}

/// Who is logged in: the user and the customer company they order for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Account {
    pub username: String,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's price tier (客户级别), e.g. "A".
    pub tier: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoginResponse {
    /// Opaque; the hub keeps only its hash.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub role: UserRole,
    /// The password was issued by the supplier (or reset): it must be changed before anything else.
    #[serde(default)]
    pub must_change_password: bool,
    /// The customer this user orders for; none for supplier staff.
    pub account: Option<Account>,
    /// The branch a staff user belongs to (none: headquarters, who see every customer).
    #[serde(default)]
    pub branch: Option<String>,
}

/// What a user may do. Customer users order; supplier staff work in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UserRole {
    /// A customer's user who enters orders.
    Buyer,
    /// A customer's manager, who may also approve the company's large orders.
    Approver,
    /// Supplier staff: everything.
    Admin,
    /// Supplier staff who review (审核) orders.
    Reviewer,
    /// Supplier staff who ship (发货) and keep stock.
    Warehouse,
    /// Supplier staff who confirm payments (收款) and set balances.
    Finance,
}

impl UserRole {
    pub const ALL: [UserRole; 6] =
        [UserRole::Buyer, UserRole::Approver, UserRole::Admin, UserRole::Reviewer, UserRole::Warehouse, UserRole::Finance];

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Buyer => "buyer",
            UserRole::Approver => "approver",
            UserRole::Admin => "admin",
            UserRole::Reviewer => "reviewer",
            UserRole::Warehouse => "warehouse",
            UserRole::Finance => "finance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        !matches!(self, UserRole::Buyer | UserRole::Approver)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// Setting a new password with the one-time token the supplier issued (a forgotten password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResetPassword {
    pub username: String,
    pub token: String,
    pub new_password: String,
}

/// A new customer asking to order (新客户注册). They can log in, but order only once approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Registration {
    /// The user name to log in with (often the licence number).
    pub username: String,
    pub password: String,
    pub company_name: String,
}

/// The rule every new password must meet; the same check runs in the app as the user types.
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    if password.chars().count() < 8 {
        Some("the new password needs at least 8 characters")
    } else if password == username {
        Some("the new password must not be the user name")
    } else if password.chars().all(|c| c.is_ascii_digit()) {
        Some("the new password must not be digits only")
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Health {
    pub status: String,
    pub version: String,
    /// "sqlite" or "postgres".
    pub database: String,
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
