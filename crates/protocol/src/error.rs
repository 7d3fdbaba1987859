//! Errors as data: a stable machine code the UI branches and translates on, plus an English message
//! a person can act on (the UI shows its own Chinese or English text for known codes).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable error codes. Never rename a variant: clients in the field match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // Accounts and sessions
    InvalidCredentials,
    /// Too many wrong passwords in a row: locked for a while.
    AccountLocked,
    /// Too many logins, password changes or sign-ups from one address in a short time: wait a moment.
    TooManyAttempts,
    SessionExpired,
    NotLoggedIn,
    /// The issued password must be changed before anything else.
    PasswordChangeRequired,
    /// The new password doesn't meet the rule (the message says which part).
    PasswordTooWeak,
    /// The one-time reset token is wrong, used or expired.
    ResetTokenInvalid,
    /// The user name is taken.
    UsernameTaken,
    /// This account may not do that (a role or a branch that doesn't allow it).
    Forbidden,
    /// A self-registered customer waits for the supplier's approval (新客户审核) before ordering.
    AwaitingApproval,
    /// The supplier disabled this user (停用) or suspended its customer: no login, no session.
    AccountDisabled,
    // Request shape
    BadRequest,
    NotFound,
    /// An imported file has bad rows: nothing was imported; the rows are listed.
    ImportRejected,
    // Order entry
    EmptyOrder,
    OrderRejected,
    UnknownProduct,
    ProductDelisted,
    QuantityNotPositive,
    QuantityNotMultiple,
    BelowMinimum,
    AboveMaximum,
    DuplicateLine,
    /// More than what is left of this cycle's allocation (货源分配).
    AllocationExceeded,
    /// More than the stock available to order.
    OutOfStock,
    /// 余额不足: the order is more than the prepaid balance and credit left.
    InsufficientBalance,
    /// The hub's total differs from the one the buyer accepted: prices changed in between.
    PriceChanged,
    /// Prices or products changed since the cart was saved: review them before submitting.
    CartChanged,
    // Ordering cycles
    /// This cycle's cutoff has passed; the message names the next ordering day.
    CutoffPassed,
    /// Today is not one of the customer's ordering days.
    NotOrderingDay,
    /// The order can no longer be changed or cancelled (confirmed after the cutoff, approved, voided…).
    OrderLocked,
    /// The order is saved but this customer's cycle needs it confirmed (决定购买) first.
    NotConfirmed,
    // Review (审核)
    /// An order this large is reviewed by the customer's branch first, then by headquarters.
    NeedsBranchReview,
    /// A warning before submitting: over the company's approval limit, the order will wait for
    /// one of the company's approvers (待审批).
    NeedsApproval,
    // Idempotency (IETF idempotency-key draft semantics)
    IdempotencyKeyReused,
    OrderInFlight,
    // Client side
    HubUnreachable,
    HubIncompatible,
    LocalStore,
    Credentials,
    // Anything else: details are logged, never sent
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::NotLoggedIn => "not_logged_in",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::PasswordTooWeak => "password_too_weak",
            ErrorCode::ResetTokenInvalid => "reset_token_invalid",
            ErrorCode::UsernameTaken => "username_taken",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::AwaitingApproval => "awaiting_approval",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ImportRejected => "import_rejected",
            ErrorCode::EmptyOrder => "empty_order",
            ErrorCode::OrderRejected => "order_rejected",
            ErrorCode::UnknownProduct => "unknown_product",
            ErrorCode::ProductDelisted => "product_delisted",
            ErrorCode::QuantityNotPositive => "quantity_not_positive",
            ErrorCode::QuantityNotMultiple => "quantity_not_multiple",
            ErrorCode::BelowMinimum => "below_minimum",
            ErrorCode::AboveMaximum => "above_maximum",
            ErrorCode::DuplicateLine => "duplicate_line",
            ErrorCode::AllocationExceeded => "allocation_exceeded",
            ErrorCode::OutOfStock => "out_of_stock",
            ErrorCode::InsufficientBalance => "insufficient_balance",
            ErrorCode::PriceChanged => "price_changed",
            ErrorCode::CartChanged => "cart_changed",
            ErrorCode::CutoffPassed => "cutoff_passed",
            ErrorCode::NotOrderingDay => "not_ordering_day",
            ErrorCode::OrderLocked => "order_locked",
            ErrorCode::NotConfirmed => "not_confirmed",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::OrderInFlight => "order_in_flight",
            ErrorCode::NeedsBranchReview => "needs_branch_review",
            ErrorCode::NeedsApproval => "needs_approval",
            ErrorCode::HubUnreachable => "hub_unreachable",
            ErrorCode::HubIncompatible => "hub_incompatible",
            ErrorCode::LocalStore => "local_store",
            ErrorCode::Credentials => "credentials",
            ErrorCode::Internal => "internal",
        }
    }
}

impl ErrorCode {
    /// The HTTP status the hub answers with this code: one place, so a code never answers two ways.
    /// `bad_request` is 422, a request the hub read and refuses a value of; a request it could not
    /// read at all (malformed JSON, a query or a file it can't parse) is answered 400 with the same
    /// code, and a method an address doesn't take 405. Codes only the app raises have the status a
    /// gateway would give them.
    pub fn http_status(self) -> u16 {
        use ErrorCode::*;
        match self {
            InvalidCredentials | SessionExpired | NotLoggedIn => 401,
            PasswordChangeRequired | Forbidden | AwaitingApproval | AccountDisabled => 403,
            NotFound => 404,
            UsernameTaken | OrderLocked | NotConfirmed | NeedsBranchReview | OrderInFlight => 409,
            AccountLocked | TooManyAttempts => 429,
            EmptyOrder => 400,
            PasswordTooWeak | ResetTokenInvalid | BadRequest | ImportRejected | OrderRejected | UnknownProduct | ProductDelisted
            | QuantityNotPositive | QuantityNotMultiple | BelowMinimum | AboveMaximum | DuplicateLine | AllocationExceeded | OutOfStock
            | InsufficientBalance | PriceChanged | CartChanged | CutoffPassed | NotOrderingDay | NeedsApproval | IdempotencyKeyReused => {
                422
            }
            HubIncompatible => 502,
            HubUnreachable => 503,
            LocalStore | Credentials | Internal => 500,
        }
    }

    /// Whether a refusal with this code is the hub's verdict on what an order request asked for
    /// (its lines, prices, money, cycle or id), so that sending the same request again would get
    /// the same answer. Anything else (a session to renew, an internal error, an order still in
    /// flight, a proxy's page) says nothing about whether the hub has the order: a client keeps the
    /// request and sends it again with the same id.
    pub fn is_verdict_on_order(self) -> bool {
        matches!(
            self,
            ErrorCode::BadRequest
                | ErrorCode::EmptyOrder
                | ErrorCode::OrderRejected
                | ErrorCode::UnknownProduct
                | ErrorCode::ProductDelisted
                | ErrorCode::QuantityNotPositive
                | ErrorCode::QuantityNotMultiple
                | ErrorCode::BelowMinimum
                | ErrorCode::AboveMaximum
                | ErrorCode::DuplicateLine
                | ErrorCode::AllocationExceeded
                | ErrorCode::OutOfStock
                | ErrorCode::InsufficientBalance
                | ErrorCode::PriceChanged
                | ErrorCode::CutoffPassed
                | ErrorCode::NotOrderingDay
                | ErrorCode::IdempotencyKeyReused
                | ErrorCode::AwaitingApproval
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One order line that broke a rule; `line` is 1-based, as the user counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LineProblem {
    pub line: u32,
    pub product_code: String,
    pub code: ErrorCode,
    pub message: String,
    /// The most that could be ordered on this line now, when the quantity is what was refused.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub allowed: Option<u32>,
}

/// The body of every error response from the hub, and of every error the app's commands return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Per-line explanations when an order is refused.
    #[serde(default)]
    #[ts(as = "Option<Vec<LineProblem>>", optional)]
    pub lines: Vec<LineProblem>,
    /// Per-row explanations when an imported file is refused.
    #[serde(default)]
    #[ts(as = "Option<Vec<crate::catalogue::RowError>>", optional)]
    pub rows: Vec<crate::catalogue::RowError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), lines: Vec::new(), rows: Vec::new() }
    }

    pub fn with_lines(mut self, lines: Vec<LineProblem>) -> Self {
        self.lines = lines;
        self
    }

    pub fn with_rows(mut self, rows: Vec<crate::catalogue::RowError>) -> Self {
        self.rows = rows;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [ErrorCode::InvalidCredentials, ErrorCode::QuantityNotMultiple, ErrorCode::Internal] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn every_code_answers_one_error_status() {
        assert_eq!(ErrorCode::BadRequest.http_status(), 422);
        assert_eq!(ErrorCode::EmptyOrder.http_status(), 400);
        assert_eq!(ErrorCode::OrderLocked.http_status(), 409);
        assert_eq!(ErrorCode::Internal.http_status(), 500);
        for code in [ErrorCode::InvalidCredentials, ErrorCode::AccountLocked, ErrorCode::NotFound, ErrorCode::PriceChanged] {
            assert!((400..600).contains(&code.http_status()), "{code}");
        }
    }

    #[test]
    fn only_a_verdict_on_the_order_lets_a_client_forget_it() {
        for kept in [
            ErrorCode::Internal,
            ErrorCode::OrderInFlight,
            ErrorCode::SessionExpired,
            ErrorCode::NotLoggedIn,
            ErrorCode::HubIncompatible,
            ErrorCode::HubUnreachable,
            ErrorCode::PasswordChangeRequired,
        ] {
            assert!(!kept.is_verdict_on_order(), "{kept}");
        }
        for verdict in [ErrorCode::OrderRejected, ErrorCode::PriceChanged, ErrorCode::InsufficientBalance, ErrorCode::CutoffPassed] {
            assert!(verdict.is_verdict_on_order(), "{verdict}");
        }
    }

    #[test]
    fn error_json_is_code_and_message() {
        let e = ApiError::new(ErrorCode::UnknownProduct, "no product X");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "unknown_product", "message": "no product X", "lines": [], "rows": []})
        );
    }
}
