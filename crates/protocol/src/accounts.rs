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
    /// Who the supplier talks to (联系人), the phone and the delivery address, as the applicant
    /// entered them: the supplier reads them before approving.
    #[serde(default)]
    #[ts(optional)]
    pub contact: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub address: Option<String>,
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

/// The most characters a user name (a customer code, a staff name) may have.
pub const MOST_USERNAME_CHARS: usize = 64;
/// The most characters a name people read (a company's, a customer's) may have.
pub const MOST_NAME_CHARS: usize = 100;

/// What is wrong with a user name, if anything: empty, too long, or with a character that is not a
/// letter, a digit or one of `-_.@` (spaces, control characters, and format characters such as
/// U+202E, which would make one name look like another).
pub fn username_problem(username: &str) -> Option<String> {
    if username.is_empty() {
        return Some("the user name is empty".into());
    }
    if username.chars().count() > MOST_USERNAME_CHARS {
        return Some(format!("a user name has at most {MOST_USERNAME_CHARS} characters"));
    }
    if let Some(bad) = username.chars().find(|c| !(c.is_alphanumeric() || "-_.@".contains(*c))) {
        return Some(format!("a user name has letters, digits and - _ . @ only, not {:?} (U+{:04X})", bad, bad as u32));
    }
    None
}

/// What is wrong with a name people read, if anything: empty, too long, or with control or
/// format characters (text direction overrides, NUL).
pub fn name_problem(what: &str, name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some(format!("{what} is empty"));
    }
    if name.chars().count() > MOST_NAME_CHARS {
        return Some(format!("{what} has at most {MOST_NAME_CHARS} characters"));
    }
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    if let Some(bad) = name.chars().find(|c| hidden(*c)) {
        return Some(format!("{what} has a hidden character (U+{:04X})", bad as u32));
    }
    None
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn user_names_that_hide_what_they_are_are_refused() {
        for good in ["330100000001", "330100000001-2", "xihu-reviewer", "张三", "a.b@c"] {
            assert_eq!(username_problem(good), None, "{good}");
        }
        for bad in ["", "a b", "admin\u{202E}", "x\0y", &"9".repeat(65)] {
            assert!(username_problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(name_problem("the company name", "城西烟酒店"), None);
        assert!(name_problem("the company name", "城西\u{202E}店").is_some());
        assert!(name_problem("the company name", &"店".repeat(101)).is_some());
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
