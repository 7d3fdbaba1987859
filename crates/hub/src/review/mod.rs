//! Order review (审核) in the back office: the orders of the customers a member of staff may see
//! (`queue`), approved (in two levels for large orders: see `review`) or rejected with a reason. A rejected
//! order gives back what it took.

pub mod changes;
pub mod levels;
pub mod queue;
pub mod store;

use crate::accounts::roles::{ReviewerStaff, Staff};
use crate::accounts::StaffUser;
use crate::customers::scope::visible_customer_ids;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::orders::store::{self as orders, Which};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use levels::Approval;
use restock_protocol::orders::status::{step, OrderAction, Step};
use restock_protocol::orders::OrderStatus;
use restock_protocol::review::{CustomerOrder, ReviewDecision, ReviewOrderDetail};
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(routes::REVIEW_ORDERS, get(queue::list))
        .route(routes::REVIEW_ORDER, get(queue::one))
        .route(routes::REVIEW_APPROVE, post(approve))
        .route(routes::REVIEW_REJECT, post(reject))
        .route(routes::REVIEW_CUT, post(changes::cut))
        .route(routes::REVIEW_CANCEL, post(changes::cancel))
        .route(routes::REVIEW_RULE, get(levels::get_rule).put(levels::set_rule))
}

pub(crate) async fn customer_orders(conn: &mut AnyConnection, customer_id: i64, only: Option<&str>) -> HubResult<Vec<CustomerOrder>> {
    let (code, name) = crate::customers::store::code_and_name(conn, customer_id).await?;
    let which = match only {
        Some(order_id) => Which::One { customer_id, order_id },
        None => Which::AllOf { customer_id },
    };
    Ok(orders::load_orders(conn, which)
        .await?
        .into_iter()
        .map(|order| CustomerOrder { customer_code: code.clone(), customer_name: name.clone(), order })
        .collect())
}

/// One order as a reviewer decides it: `reviewed` is the order as read (not locked), of a customer
/// `staff` may see. None: its lines are gone (it was never written whole).
async fn order_detail(
    conn: &mut AnyConnection, staff: &StaffUser, order_id: &str, reviewed: &orders::Reviewed,
) -> HubResult<Option<ReviewOrderDetail>> {
    let customer_id = reviewed.customer_id;
    let Some(order) = orders::load_order(conn, customer_id, order_id).await? else { return Ok(None) };
    let customer = crate::customers::store::summary(conn, customer_id).await?;
    let balance = crate::ledger::balance_of(conn, customer_id).await?;
    let supply = crate::supply::of_lines(conn, customer_id, reviewed.cycle, &order.lines).await?;
    let awaiting_me = levels::awaits(conn, staff, reviewed).await?;
    Ok(Some(ReviewOrderDetail {
        customer_code: customer.code,
        customer_name: customer.name,
        branch: customer.branch,
        tier: customer.tier,
        order,
        balance,
        supply,
        awaiting_me,
        branch_approved: reviewed.branch_approved_by.is_some(),
    }))
}

async fn decide(state: &AppState, staff: &StaffUser, id: &str, approve: bool, reason: Option<String>) -> HubResult<Json<CustomerOrder>> {
    let order_id = id.parse::<uuid::Uuid>().map_err(|_| HubError::not_found("order"))?.to_string();
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if !approve && reason.is_none() {
        return Err(HubError::new(ErrorCode::BadRequest, "a rejection needs a reason the customer can act on"));
    }
    let (job_state, job_staff) = (state.clone(), staff.clone());
    let decided =
        state.db.write(move |tx| Box::pin(async move { decide_in(tx, &job_state, &job_staff, &order_id, approve, reason).await })).await?;
    tracing::info!(order_id = %decided.order.order_id, by = %staff.username, status = decided.order.status.as_str(), "order reviewed");
    Ok(Json(decided))
}

/// Approves or rejects an order inside a write under way (the demo's branch approval too).
pub(crate) async fn decide_in(
    tx: &mut Tx, state: &AppState, staff: &StaffUser, order_id: &str, approve: bool, reason: Option<String>,
) -> HubResult<CustomerOrder> {
    // Lock the order first (a write, as in the customer's own changes), then check who may see it.
    let order = orders::lock_for_review(tx, order_id).await?;
    let visible = visible_customer_ids(tx, staff).await?;
    let Some(order) = order.filter(|o| visible.contains(&o.customer_id)) else { return Err(HubError::not_found("order")) };
    let customer_id = order.customer_id;
    let target = if approve { OrderStatus::Approved } else { OrderStatus::Rejected };
    let action = if approve { OrderAction::Approve } else { OrderAction::Reject };
    match step(order.status, action) {
        Step::Moves(_) => {}
        Step::AlreadyDone => {
            let mut orders = customer_orders(tx, customer_id, Some(order_id)).await?;
            return orders.pop().ok_or_else(|| HubError::not_found("order"));
        }
        Step::Refused => {
            return Err(HubError::new(
                ErrorCode::OrderLocked,
                format!("only a submitted order can be reviewed; this one is {}", order.status.as_str()),
            ))
        }
    }
    let now = state.calendar.now_ms();
    if approve {
        match levels::approval(tx, staff, &order).await? {
            Approval::Final => {}
            Approval::AlreadyByBranch => {
                let mut orders = customer_orders(tx, customer_id, Some(order_id)).await?;
                return orders.pop().ok_or_else(|| HubError::not_found("order"));
            }
            Approval::ByBranch => {
                orders::set_branch_approved(tx, order_id, staff.user_id).await?;
                orders::record_event(tx, order_id, OrderStatus::Submitted, now, staff.user_id, Some(levels::BRANCH_APPROVED_NOTE)).await?;
                let mut orders = customer_orders(tx, customer_id, Some(order_id)).await?;
                tracing::info!(%order_id, by = %staff.username, "order approved by the branch; headquarters next");
                return orders.pop().ok_or_else(|| HubError::not_found("order"));
            }
        }
    }
    if !approve {
        let taken = orders::load_order(tx, customer_id, order_id).await?.ok_or_else(|| HubError::not_found("order"))?;
        crate::supply::give_back(tx, customer_id, order.cycle, &taken.lines, &taken.adjustments, now).await?;
    }
    orders::set_status(tx, order_id, target).await?;
    orders::record_event(tx, order_id, target, now, staff.user_id, reason.as_deref()).await?;
    let mut orders = customer_orders(tx, customer_id, Some(order_id)).await?;
    orders.pop().ok_or_else(|| HubError::not_found("order"))
}

#[utoipa::path(post, path = "/api/v1/admin/orders/{order_id}/approve", tag = "admin", security(("bearer" = [])),
    params(("order_id" = String, Path)),
    responses((status = 200, body = CustomerOrder),
              (status = 404, description = "`not_found`, also for another branch's order", body = restock_protocol::ApiError),
              (status = 409, description = "`order_locked`: not a submitted order; `needs_branch_review`: a large order of a branch's customer, which its branch approves first", body = restock_protocol::ApiError),
              ReviewerStaff))]
pub async fn approve(
    State(state): State<AppState>, staff: Staff<ReviewerStaff>, ApiPath(id): ApiPath<String>,
) -> HubResult<Json<CustomerOrder>> {
    decide(&state, &staff, &id, true, None).await
}

#[utoipa::path(post, path = "/api/v1/admin/orders/{order_id}/reject", tag = "admin", security(("bearer" = [])),
    params(("order_id" = String, Path)), request_body = ReviewDecision,
    responses((status = 200, body = CustomerOrder),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 409, description = "`order_locked`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: no reason", body = restock_protocol::ApiError), ReviewerStaff))]
pub async fn reject(
    State(state): State<AppState>, staff: Staff<ReviewerStaff>, ApiPath(id): ApiPath<String>, ApiJson(decision): ApiJson<ReviewDecision>,
) -> HubResult<Json<CustomerOrder>> {
    decide(&state, &staff, &id, false, decision.reason).await
}
