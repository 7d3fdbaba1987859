//! The customer's own approval (审批): a company may say that a buyer's order above an amount waits
//! for one of its approvers (the manager) before it goes to the supplier. The rule is here, once,
//! so the app can tell the buyer before they submit and the hub decides the same way.

use crate::accounts::UserRole;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The company's approval limit. None: no order waits for an approver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApprovalRule {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "5000.00"))]
    pub approval_over: Option<Money>,
}

/// What the home screen needs to know about approval for the user logged in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyApproval {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub approval_over: Option<Money>,
    /// This user is one of the company's approvers: their own orders never wait, and they approve
    /// or decline the buyers' orders that do.
    pub can_approve: bool,
}

/// Declining a buyer's order; the buyer is told the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeclineOrder {
    pub reason: String,
}

/// Whether an order of `total` placed by a `role` user waits for the company's approver: a buyer's
/// order strictly above the limit does; an approver's never does.
pub fn needs_approval(role: UserRole, approval_over: Option<Money>, total: Money) -> bool {
    role == UserRole::Buyer && approval_over.is_some_and(|limit| total > limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn yuan(fen: i64) -> Money {
        Decimal::new(fen, 2)
    }

    #[test]
    fn a_buyers_order_above_the_limit_waits_and_one_at_the_limit_does_not() {
        assert!(needs_approval(UserRole::Buyer, Some(yuan(500_000)), yuan(500_001)));
        assert!(!needs_approval(UserRole::Buyer, Some(yuan(500_000)), yuan(500_000)));
        assert!(!needs_approval(UserRole::Buyer, None, yuan(99_999_999)));
    }

    #[test]
    fn an_approvers_own_order_never_waits() {
        assert!(!needs_approval(UserRole::Approver, Some(yuan(0)), yuan(99_999_999)));
    }

    proptest! {
        #[test]
        fn waiting_is_monotonic_in_the_total(limit in 0i64..10_000_000, a in 0i64..20_000_000, b in 0i64..20_000_000) {
            let (low, high) = (a.min(b), a.max(b));
            let waits = |t| needs_approval(UserRole::Buyer, Some(yuan(limit)), yuan(t));
            prop_assert!(!waits(low) || waits(high), "a larger order must wait whenever a smaller one does");
            prop_assert_eq!(waits(high), high > limit);
        }
    }
}
