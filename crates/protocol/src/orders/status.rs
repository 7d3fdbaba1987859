//! The order's status machine: which action moves an order from which status, and who may take it.
//! The hub refuses by it; the desk and the back office show by it what can be done with an order.
//! Each action is safe to repeat: taking it again once it is done answers with the order as it is.

use super::OrderStatus;
use crate::accounts::UserRole;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What someone can do to an order after it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderAction {
    /// 决定购买: a saved order is placed (or waits for the company's approval).
    Confirm,
    /// New lines, checked and priced again, before the cutoff.
    Change,
    /// Before the cutoff, or before the supplier has acted where there is none.
    Cancel,
    /// The company's approver places a buyer's order that waits for them (审批通过).
    CompanyApprove,
    /// The company's approver declines it, with a reason (审批驳回).
    CompanyDecline,
    /// The supplier approves a placed order (审核通过); a large one in two levels.
    Approve,
    /// The supplier rejects a placed order, with a reason the customer sees.
    Reject,
    /// The hub voids an order left unconfirmed or unapproved at its cutoff (作废).
    Void,
    /// The supplier lowers quantities (削减), with a reason the customer sees; at any time until
    /// the goods leave (the cutoff is the customer's, not the supplier's).
    SupplierCut,
    /// The supplier cancels the order (取消), with a reason the customer sees; what it took is given back.
    SupplierCancel,
}

impl OrderAction {
    pub const ALL: [OrderAction; 10] = [
        OrderAction::Confirm,
        OrderAction::Change,
        OrderAction::Cancel,
        OrderAction::CompanyApprove,
        OrderAction::CompanyDecline,
        OrderAction::Approve,
        OrderAction::Reject,
        OrderAction::Void,
        OrderAction::SupplierCut,
        OrderAction::SupplierCancel,
    ];

    /// The action's route on the hub, for those a customer's user takes; None for the others.
    pub fn customer_route(self) -> Option<&'static str> {
        match self {
            OrderAction::Confirm => Some(crate::routes::ORDER_CONFIRM),
            OrderAction::Cancel => Some(crate::routes::ORDER_CANCEL),
            OrderAction::CompanyApprove => Some(crate::routes::ORDER_APPROVE),
            OrderAction::CompanyDecline => Some(crate::routes::ORDER_DECLINE),
            OrderAction::Change
            | OrderAction::Approve
            | OrderAction::Reject
            | OrderAction::Void
            | OrderAction::SupplierCut
            | OrderAction::SupplierCancel => None,
        }
    }

    /// Whether a user of `role` may take this action at all (`None`: the hub itself).
    pub fn may_be_taken_by(self, role: Option<UserRole>) -> bool {
        match self {
            OrderAction::Confirm | OrderAction::Change | OrderAction::Cancel => matches!(role, Some(UserRole::Buyer | UserRole::Approver)),
            OrderAction::CompanyApprove | OrderAction::CompanyDecline => role == Some(UserRole::Approver),
            OrderAction::Approve | OrderAction::Reject | OrderAction::SupplierCut | OrderAction::SupplierCancel => {
                matches!(role, Some(UserRole::Reviewer | UserRole::Admin))
            }
            OrderAction::Void => role.is_none(),
        }
    }
}

/// What an action does to an order in a given status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The action applies; the order ends in one of these (which one, the rules decide: a confirmed
    /// order over the company's limit waits for approval, a large order's first approval is the
    /// branch's).
    Moves(&'static [OrderStatus]),
    /// It was done already: the answer is the order as it is.
    AlreadyDone,
    /// Not from this status.
    Refused,
}

/// The transition table.
pub fn step(status: OrderStatus, action: OrderAction) -> Step {
    use OrderAction as A;
    use OrderStatus as S;
    match (action, status) {
        (A::Confirm, S::Saved) => Step::Moves(&[S::Submitted, S::AwaitingApproval]),
        (A::Confirm, S::Submitted | S::AwaitingApproval | S::Approved) => Step::AlreadyDone,
        (A::Change, S::Saved) => Step::Moves(&[S::Saved]),
        (A::Change, S::Submitted | S::AwaitingApproval) => Step::Moves(&[S::Submitted, S::AwaitingApproval]),
        (A::Cancel, S::Saved | S::Submitted | S::AwaitingApproval) => Step::Moves(&[S::Cancelled]),
        (A::Cancel, S::Cancelled) => Step::AlreadyDone,
        (A::CompanyApprove, S::AwaitingApproval) => Step::Moves(&[S::Submitted]),
        (A::CompanyApprove, S::Submitted | S::Approved) => Step::AlreadyDone,
        (A::CompanyDecline, S::AwaitingApproval) => Step::Moves(&[S::Cancelled]),
        (A::CompanyDecline, S::Cancelled) => Step::AlreadyDone,
        // The branch's approval of a large order leaves it submitted, for headquarters.
        (A::Approve, S::Submitted) => Step::Moves(&[S::Approved, S::Submitted]),
        (A::Approve, S::Approved) => Step::AlreadyDone,
        (A::Reject, S::Submitted) => Step::Moves(&[S::Rejected]),
        (A::Reject, S::Rejected) => Step::AlreadyDone,
        (A::Void, S::Saved | S::AwaitingApproval) => Step::Moves(&[S::Voided]),
        (A::Void, S::Voided) => Step::AlreadyDone,
        // A cut leaves the order where it is: a saved one still to be confirmed, a placed one
        // still to be reviewed, an approved one still to be shipped.
        (A::SupplierCut, S::Saved) => Step::Moves(&[S::Saved]),
        (A::SupplierCut, S::Submitted) => Step::Moves(&[S::Submitted]),
        (A::SupplierCut, S::AwaitingApproval) => Step::Moves(&[S::AwaitingApproval]),
        (A::SupplierCut, S::Approved) => Step::Moves(&[S::Approved]),
        (A::SupplierCancel, S::Saved | S::Submitted | S::AwaitingApproval | S::Approved) => Step::Moves(&[S::Cancelled]),
        (A::SupplierCancel, S::Cancelled) => Step::AlreadyDone,
        _ => Step::Refused,
    }
}

/// What a user of `role` can do with an order in `status` now (before any cutoff or amount rule).
pub fn possible(status: OrderStatus, role: Option<UserRole>) -> Vec<OrderAction> {
    OrderAction::ALL.into_iter().filter(|a| a.may_be_taken_by(role) && matches!(step(status, *a), Step::Moves(_))).collect()
}

/// Whether nothing can move an order in this status any more.
pub fn is_final(status: OrderStatus) -> bool {
    OrderAction::ALL.into_iter().all(|a| !matches!(step(status, a), Step::Moves(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STATUSES: [OrderStatus; 7] = [
        OrderStatus::Saved,
        OrderStatus::Submitted,
        OrderStatus::AwaitingApproval,
        OrderStatus::Approved,
        OrderStatus::Rejected,
        OrderStatus::Cancelled,
        OrderStatus::Voided,
    ];

    #[test]
    fn what_each_user_sees_they_can_do() {
        use OrderAction as A;
        let buyer = Some(UserRole::Buyer);
        assert_eq!(possible(OrderStatus::Saved, buyer), [A::Confirm, A::Change, A::Cancel]);
        assert_eq!(possible(OrderStatus::AwaitingApproval, buyer), [A::Change, A::Cancel]);
        assert_eq!(
            possible(OrderStatus::AwaitingApproval, Some(UserRole::Approver)),
            [A::Change, A::Cancel, A::CompanyApprove, A::CompanyDecline]
        );
        assert_eq!(possible(OrderStatus::Submitted, Some(UserRole::Reviewer)), [A::Approve, A::Reject, A::SupplierCut, A::SupplierCancel]);
        assert_eq!(possible(OrderStatus::Approved, Some(UserRole::Admin)), [A::SupplierCut, A::SupplierCancel]);
        assert_eq!(possible(OrderStatus::Approved, buyer), []);
        assert_eq!(possible(OrderStatus::Submitted, Some(UserRole::Warehouse)), []);
        assert_eq!(possible(OrderStatus::Saved, None), [A::Void]);
        for done in [OrderStatus::Rejected, OrderStatus::Cancelled, OrderStatus::Voided] {
            assert!(is_final(done), "{done:?}");
        }
    }

    #[test]
    fn every_action_that_moves_an_order_can_be_repeated_safely() {
        for status in STATUSES {
            for action in OrderAction::ALL {
                if let Step::Moves(to) = step(status, action) {
                    for end in to {
                        let again = step(*end, action);
                        assert!(
                            again != Step::Refused || *end != status && action == OrderAction::Change,
                            "{action:?} from {status:?} to {end:?}, again: {again:?}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        /// Random actions by random users: an order never leaves a final status, never goes back
        /// to saved once it was placed, and only moves to where the table says.
        #[test]
        fn an_order_only_moves_as_the_table_says(actions in proptest::collection::vec((0..OrderAction::ALL.len(), 0..7usize, any::<prop::sample::Index>()), 1..40)) {
            let roles = [None, Some(UserRole::Buyer), Some(UserRole::Approver), Some(UserRole::Admin), Some(UserRole::Reviewer), Some(UserRole::Warehouse), Some(UserRole::Finance)];
            let mut status = OrderStatus::Saved;
            let mut placed = false;
            for (a, r, pick) in actions {
                let (action, role) = (OrderAction::ALL[a], roles[r]);
                if !action.may_be_taken_by(role) {
                    continue;
                }
                let was_final = is_final(status);
                match step(status, action) {
                    Step::Moves(to) => {
                        prop_assert!(!was_final);
                        let next = *pick.get(to);
                        prop_assert!(!(placed && next == OrderStatus::Saved));
                        placed |= next != OrderStatus::Saved;
                        status = next;
                    }
                    Step::AlreadyDone | Step::Refused => {}
                }
            }
        }
    }
}
