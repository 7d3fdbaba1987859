//! The customer's own approval (审批): a buyer's order above the company's limit waits for one of
//! the company's approvers, taking nothing from allocations, stock or the balance until approved.
//! Approved, it is placed as a confirmed order would be; declined, it is cancelled with the reason.
//! The supplier's review (审核) comes after, as for any placed order.

use super::lifecycle::{finish, lock_own_order, parse_id, place_stored};
use super::{not_found, store};
use crate::accounts::CustomerUser;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use restock_protocol::accounts::UserRole;
use restock_protocol::money::Money;
use restock_protocol::orders::approval::{needs_approval, ApprovalRule, CompanyApproval, DeclineOrder};
use restock_protocol::orders::status::{step, OrderAction, Step};
use restock_protocol::orders::{Order, OrderStatus};
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;

/// The note on the order's history when it starts to wait.
pub const AWAITING_NOTE: &str = "待审批: over the company's approval limit, waiting for an approver";

/// What making an order of `total` binding does for this user: places it, or holds it for approval.
pub fn binding_status(customer: &CustomerUser, total: Money) -> OrderStatus {
    if needs_approval(customer.role, customer.approval_over, total) {
        OrderStatus::AwaitingApproval
    } else {
        OrderStatus::Submitted
    }
}

pub fn company_approval(customer: &CustomerUser) -> CompanyApproval {
    CompanyApproval { approval_over: customer.approval_over, can_approve: customer.role == UserRole::Approver }
}

fn require_approver(customer: &CustomerUser) -> HubResult<()> {
    if customer.role != UserRole::Approver {
        return Err(HubError::new(
            ErrorCode::Forbidden,
            "only your company's approver (审批人) may do this; ask them to approve or decline the order",
        ));
    }
    Ok(())
}

fn not_awaiting(status: OrderStatus) -> HubError {
    HubError::new(
        ErrorCode::OrderLocked,
        format!("only an order waiting for approval can be approved or declined; this one is {}", status.as_str()),
    )
}

/// What the company's approval endpoints answer when the order is not the approver's to decide.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // its variants are read by utoipa only
enum ApproverRefusals {
    #[response(status = 401, description = "`not_logged_in`, `session_expired`")]
    Unauthenticated(restock_protocol::ApiError),
    #[response(status = 403, description = "`forbidden`: a buyer's account; `password_change_required`")]
    Forbidden(restock_protocol::ApiError),
    #[response(status = 404, description = "`not_found`, also for another customer's order")]
    Missing(restock_protocol::ApiError),
    #[response(status = 409, description = "`order_locked`: not waiting for approval")]
    Locked(restock_protocol::ApiError),
}

#[utoipa::path(post, path = "/api/v1/orders/{order_id}/approve", tag = "orders", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses(
        (status = 200, description = "approved by the company (审批通过): the order is `submitted` and its quantities are taken", body = Order),
        (status = 422, description = "`cutoff_passed`; `order_rejected` with `allocation_exceeded` or `out_of_stock` lines; `insufficient_balance`", body = restock_protocol::ApiError),
        ApproverRefusals,
    ))]
pub async fn approve_order(State(state): State<AppState>, customer: CustomerUser, ApiPath(id): ApiPath<String>) -> HubResult<Json<Order>> {
    customer.require_approved()?;
    require_approver(&customer)?;
    let order_id = parse_id(&id)?;
    let db = state.db.clone();
    Ok(Json(db.write(move |tx| Box::pin(async move { approve(tx, &state, &customer, &order_id).await })).await?))
}

async fn approve(tx: &mut Tx, state: &AppState, customer: &CustomerUser, order_id: &str) -> HubResult<Order> {
    let locked = lock_own_order(tx, customer.customer_id, order_id).await?;
    match step(locked.status, OrderAction::CompanyApprove) {
        Step::Moves(_) => {}
        Step::AlreadyDone => return finish(tx, customer.customer_id, order_id).await,
        Step::Refused => return Err(not_awaiting(locked.status)),
    }
    let schedule = crate::cycles::schedule_of(tx, customer.customer_id).await?;
    crate::cycles::require_before_cutoff(locked.closes_at, &schedule, &state.calendar)?;
    // Placed with the prices the buyer saw; what it takes is checked now.
    let order = store::load_order(tx, customer.customer_id, order_id).await?.ok_or_else(not_found)?;
    let order_number = order.order_number.clone();
    place_stored(tx, state, customer, order, locked.cycle, "审批通过: approved by the company").await?;
    tracing::info!(%order_number, by = %customer.account.username, "order approved by the company");
    finish(tx, customer.customer_id, order_id).await
}

#[utoipa::path(post, path = "/api/v1/orders/{order_id}/decline", tag = "orders", security(("bearer" = [])), request_body = DeclineOrder,
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses(
        (status = 200, description = "declined (审批驳回): the order is `cancelled`, the reason on its history", body = Order),
        (status = 422, description = "`bad_request`: no reason given", body = restock_protocol::ApiError),
        ApproverRefusals,
    ))]
pub async fn decline_order(
    State(state): State<AppState>, customer: CustomerUser, ApiPath(id): ApiPath<String>, ApiJson(decline): ApiJson<DeclineOrder>,
) -> HubResult<Json<Order>> {
    require_approver(&customer)?;
    let order_id = parse_id(&id)?;
    let reason = decline.reason.trim();
    if reason.is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "say why the order is declined: the buyer sees the reason"));
    }
    let note = format!("审批驳回: declined by the company: {reason}");
    let db = state.db.clone();
    Ok(Json(db.write(move |tx| Box::pin(async move { decline_in(tx, &state, &customer, &order_id, &note).await })).await?))
}

async fn decline_in(tx: &mut Tx, state: &AppState, customer: &CustomerUser, order_id: &str, note: &str) -> HubResult<Order> {
    let locked = lock_own_order(tx, customer.customer_id, order_id).await?;
    match step(locked.status, OrderAction::CompanyDecline) {
        Step::Moves(_) => {}
        Step::AlreadyDone => return finish(tx, customer.customer_id, order_id).await,
        Step::Refused => return Err(not_awaiting(locked.status)),
    }
    store::set_status(tx, order_id, OrderStatus::Cancelled).await?;
    store::record_event(tx, order_id, OrderStatus::Cancelled, state.calendar.now_ms(), customer.user_id, Some(note)).await?;
    finish(tx, customer.customer_id, order_id).await
}

#[utoipa::path(get, path = "/api/v1/company/approval-rule", tag = "orders", security(("bearer" = [])),
    responses((status = 200, description = "my company's approval limit", body = ApprovalRule),
              (status = 403, description = "`forbidden`: supplier staff", body = restock_protocol::ApiError)))]
pub async fn get_rule(customer: CustomerUser) -> HubResult<Json<ApprovalRule>> {
    Ok(Json(ApprovalRule { approval_over: customer.approval_over }))
}

#[utoipa::path(put, path = "/api/v1/company/approval-rule", tag = "orders", security(("bearer" = [])), request_body = ApprovalRule,
    responses((status = 200, body = ApprovalRule),
              (status = 403, description = "`forbidden`: only the company's approver sets it", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a negative amount, or one finer than the fen", body = restock_protocol::ApiError)))]
pub async fn set_rule(
    State(state): State<AppState>, customer: CustomerUser, ApiJson(rule): ApiJson<ApprovalRule>,
) -> HubResult<Json<ApprovalRule>> {
    require_approver(&customer)?;
    if let Some(amount) = rule.approval_over {
        HubError::check_amount("the approval limit", amount)?;
        if amount < Decimal::ZERO || amount.round_dp(2) != amount {
            return Err(HubError::new(ErrorCode::BadRequest, "the approval limit is an amount in yuan, at least 0.00, to the fen"));
        }
    }
    let (limit, customer_id) = (rule.approval_over, customer.customer_id);
    state.db.write(move |tx| Box::pin(async move { crate::customers::store::set_approval_limit(tx, customer_id, limit).await })).await?;
    tracing::info!(limit = ?rule.approval_over, by = %customer.account.username, "company approval limit set");
    Ok(Json(rule))
}
