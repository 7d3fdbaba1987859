//! Review in two levels (审核, branch then headquarters): a large order of a branch's customer is
//! approved by the branch first and by headquarters after; smaller orders, and customers of
//! headquarters itself, need one review. The limit is the supplier's one review rule.

use crate::accounts::roles::{AdminOnly, ReviewerStaff, Staff};
use crate::accounts::StaffUser;
use crate::db::Fen;
use crate::error::{ApiJson, HubError, HubResult};
use crate::orders::store::Reviewed;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use restock_protocol::accounts::UserRole;
use restock_protocol::money::{from_fen, to_fen};
use restock_protocol::orders::OrderStatus;
use restock_protocol::review::ReviewRule;
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;
use sqlx::AnyConnection;

/// What an approval does to a submitted order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// This approval decides: the order is approved.
    Final,
    /// The branch approved a large order: recorded, and headquarters decides next.
    ByBranch,
    /// The branch approved it already and headquarters has not decided yet: nothing to do.
    AlreadyByBranch,
}

/// The note on the order's history when the branch approved and headquarters reviews next.
pub const BRANCH_APPROVED_NOTE: &str = "分公司审核通过，待总部审核 (approved by the branch; headquarters reviews it next)";

/// Which approval `staff` gives a submitted order, or why it can't yet.
pub async fn approval(conn: &mut AnyConnection, staff: &StaffUser, order: &Reviewed) -> HubResult<Approval> {
    let limit = super::store::hq_review_over(conn).await?;
    match approval_under(conn, limit, staff, order).await? {
        Some(approval) => Ok(approval),
        None => Err(HubError::new(
            ErrorCode::NeedsBranchReview,
            format!(
                "this order comes to ¥{}, over ¥{}: the customer's branch reviews it first, then headquarters",
                from_fen(order.total_fen),
                limit.map_or(Decimal::ZERO, Fen::money)
            ),
        )),
    }
}

/// Whether a submitted order waits for `staff`'s level of review: a reviewer (or an admin) whose
/// approval would decide it now, or approve it for the branch. What the queue's `awaitingMe` finds.
pub async fn awaits(conn: &mut AnyConnection, staff: &StaffUser, order: &Reviewed) -> HubResult<bool> {
    if order.status != OrderStatus::Submitted || staff.require(&[UserRole::Reviewer]).is_err() {
        return Ok(false);
    }
    let limit = super::store::hq_review_over(conn).await?;
    Ok(matches!(approval_under(conn, limit, staff, order).await?, Some(Approval::Final | Approval::ByBranch)))
}

/// The approval `staff` gives under the review limit `limit`; None: the branch reviews it first.
async fn approval_under(conn: &mut AnyConnection, limit: Option<Fen>, staff: &StaffUser, order: &Reviewed) -> HubResult<Option<Approval>> {
    let customer_branch = crate::customers::store::branch_of(conn, order.customer_id).await?;
    let two_levels = limit.is_some_and(|limit| order.total_fen > limit.0) && customer_branch.is_some();
    if !two_levels {
        return Ok(Some(Approval::Final));
    }
    Ok(match (staff.branch_id, order.branch_approved_by) {
        (Some(_), None) => Some(Approval::ByBranch),
        (Some(_), Some(_)) => Some(Approval::AlreadyByBranch),
        (None, Some(_)) => Some(Approval::Final),
        (None, None) => None,
    })
}

#[utoipa::path(get, path = "/api/v1/admin/review-rule", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = ReviewRule), ReviewerStaff))]
pub async fn get_rule(State(state): State<AppState>, _staff: Staff<ReviewerStaff>) -> HubResult<Json<ReviewRule>> {
    let limit = super::store::hq_review_over(&mut *state.db.pool.acquire().await?).await?;
    Ok(Json(ReviewRule { hq_review_over: limit.map(Fen::money) }))
}

#[utoipa::path(put, path = "/api/v1/admin/review-rule", tag = "admin", security(("bearer" = [])), request_body = ReviewRule,
    responses((status = 200, body = ReviewRule),
              (status = 422, description = "`bad_request`: a negative amount, or one with more than 2 decimals", body = restock_protocol::ApiError), AdminOnly))]
pub async fn set_rule(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(rule): ApiJson<ReviewRule>,
) -> HubResult<Json<ReviewRule>> {
    if let Some(amount) = rule.hq_review_over {
        HubError::check_amount("the review limit", amount)?;
        if amount < Decimal::ZERO || amount.scale() > 2 && amount.round_dp(2) != amount {
            return Err(HubError::new(ErrorCode::BadRequest, "the review limit is an amount in yuan, at least 0.00, to the fen"));
        }
    }
    let limit = rule.hq_review_over.map(|amount| Fen(to_fen(amount)));
    state.db.write(move |tx| Box::pin(async move { super::store::set_hq_review_over(tx, limit).await })).await?;
    tracing::info!(limit = ?rule.hq_review_over, by = %staff.username, "review rule set");
    Ok(Json(rule))
}
