//! The supplier changes an order it has (削减 / 取消): lowers quantities or cancels it, each with
//! a reason the customer reads on the order's history. What the order no longer takes goes back
//! to the customer's allocation and the stock. Repeating a cancel answers with the order as it is.

use super::customer_orders;
use crate::accounts::roles::{ReviewerStaff, Staff};
use crate::accounts::StaffUser;
use crate::customers::scope::visible_customer_ids;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::orders::store::{self as orders, Reviewed};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use restock_protocol::orders::cuts::{cut_adjustments, cut_lines, cut_total, CutOrder, CutRefusal};
use restock_protocol::orders::status::{step, OrderAction, Step};
use restock_protocol::orders::OrderStatus;
use restock_protocol::promotions::{Adjustment, PricedLine};
use restock_protocol::review::{CustomerOrder, ReviewDecision};
use restock_protocol::ErrorCode;
use std::collections::HashMap;

fn refused(refusal: CutRefusal) -> HubError {
    let code = if refusal == CutRefusal::Empty { ErrorCode::EmptyOrder } else { ErrorCode::BadRequest };
    HubError::new(code, refusal.to_string())
}

fn locked(status: OrderStatus, what: &str) -> HubError {
    HubError::new(ErrorCode::OrderLocked, format!("this order is {} and can no longer be {what}", status.as_str()))
}

/// Whether the order holds its quantities now (placed, or approved and not yet shipped).
fn takes_supply(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Submitted | OrderStatus::Approved)
}

/// Locks the order for this write, if `staff` may see its customer; another branch's is not found.
async fn lock_visible(tx: &mut Tx, staff: &StaffUser, order_id: &str) -> HubResult<Reviewed> {
    let order = orders::lock_for_review(tx, order_id).await?;
    let visible = visible_customer_ids(tx, staff).await?;
    order.filter(|o| visible.contains(&o.customer_id)).ok_or_else(|| HubError::not_found("order"))
}

async fn answer(tx: &mut Tx, customer_id: i64, order_id: &str) -> HubResult<CustomerOrder> {
    customer_orders(tx, customer_id, Some(order_id)).await?.pop().ok_or_else(|| HubError::not_found("order"))
}

fn order_id_of(id: &str) -> HubResult<String> {
    id.parse::<uuid::Uuid>().map(|u| u.to_string()).map_err(|_| HubError::not_found("order"))
}

#[utoipa::path(post, path = "/api/v1/admin/orders/{order_id}/cut", tag = "admin", security(("bearer" = [])),
    params(("order_id" = String, Path)), request_body = CutOrder,
    responses((status = 200, description = "the order with its lower quantities, its promotions applied again and the cut on its history", body = CustomerOrder),
              (status = 400, description = "`empty_order`: every line cut to 0 (cancel it instead)", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`, also for another branch's order", body = restock_protocol::ApiError),
              (status = 409, description = "`order_locked`: rejected, cancelled or voided", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: no reason, a product not on the order or named twice, a quantity not lower", body = restock_protocol::ApiError),
              ReviewerStaff))]
pub async fn cut(
    State(state): State<AppState>, staff: Staff<ReviewerStaff>, ApiPath(id): ApiPath<String>, ApiJson(request): ApiJson<CutOrder>,
) -> HubResult<Json<CustomerOrder>> {
    let order_id = order_id_of(&id)?;
    let (job_state, job_staff) = (state.clone(), staff.clone());
    let done = state.db.write(move |tx| Box::pin(async move { cut_in(tx, &job_state, &job_staff, &order_id, request).await })).await?;
    tracing::info!(order_id = %done.order.order_id, by = %staff.username, total = %done.order.total, "order cut by the supplier");
    Ok(Json(done))
}

async fn cut_in(tx: &mut Tx, state: &AppState, staff: &StaffUser, order_id: &str, request: CutOrder) -> HubResult<CustomerOrder> {
    let reviewed = lock_visible(tx, staff, order_id).await?;
    if !matches!(step(reviewed.status, OrderAction::SupplierCut), Step::Moves(_)) {
        return Err(locked(reviewed.status, "cut"));
    }
    let customer_id = reviewed.customer_id;
    let order = orders::load_order(tx, customer_id, order_id).await?.ok_or_else(|| HubError::not_found("order"))?;
    let reason = request.reason.trim();
    let done = cut_lines(&order.lines, &request.lines, reason).map_err(refused)?;

    // The promotions that applied, applied again to what is left, as on the order's cycle day.
    let codes: Vec<String> = done.lines.iter().map(|l| l.product_code.clone()).collect();
    let products: HashMap<String, (String, String)> =
        crate::catalogue::store::by_codes(tx, &codes).await?.into_iter().map(|p| (p.code, (p.brand, p.category))).collect();
    let priced: Vec<PricedLine> = done
        .lines
        .iter()
        .map(|l| {
            let (brand, category) = products.get(&l.product_code).cloned().unwrap_or_default();
            PricedLine { product_code: l.product_code.clone(), brand, category, quantity: l.quantity, line_amount: l.line_amount }
        })
        .collect();
    let ids: Vec<i64> = order.adjustments.iter().map(|a| a.promotion_id).collect();
    let promotions = crate::promotions::store::by_ids(tx, &ids).await?;
    let tier = crate::customers::store::summary(tx, customer_id).await?.tier;
    let adjustments = cut_adjustments(&priced, &order.adjustments, &promotions, &tier, reviewed.cycle);
    let total = cut_total(&done.lines, &adjustments);

    let now = state.calendar.now_ms();
    if takes_supply(reviewed.status) {
        crate::supply::give_back(tx, customer_id, reviewed.cycle, &done.freed, &fewer_free_goods(&order.adjustments, &adjustments), now)
            .await?;
    }
    orders::replace_lines(tx, order_id, &done.lines, &adjustments, total).await?;
    let note = format!("供应商削减 (cut by the supplier): {}; 原因 (reason): {reason}", done.described.join(", "));
    orders::record_event(tx, order_id, reviewed.status, now, staff.user_id, Some(&note)).await?;
    answer(tx, customer_id, order_id).await
}

/// The free goods a cut no longer gives, per product, as adjustments to give back to the stock.
fn fewer_free_goods(before: &[Adjustment], after: &[Adjustment]) -> Vec<Adjustment> {
    before
        .iter()
        .filter(|b| b.free_quantity > 0)
        .filter_map(|b| {
            let now: u32 = after
                .iter()
                .filter(|a| a.promotion_id == b.promotion_id && a.product_code == b.product_code)
                .map(|a| a.free_quantity)
                .sum();
            (b.free_quantity > now).then(|| Adjustment { free_quantity: b.free_quantity - now, ..b.clone() })
        })
        .collect()
}

#[utoipa::path(post, path = "/api/v1/admin/orders/{order_id}/cancel", tag = "admin", security(("bearer" = [])),
    params(("order_id" = String, Path)), request_body = ReviewDecision,
    responses((status = 200, description = "cancelled, with the reason on its history; what it took is given back", body = CustomerOrder),
              (status = 404, description = "`not_found`, also for another branch's order", body = restock_protocol::ApiError),
              (status = 409, description = "`order_locked`: rejected or voided", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: no reason", body = restock_protocol::ApiError),
              ReviewerStaff))]
pub async fn cancel(
    State(state): State<AppState>, staff: Staff<ReviewerStaff>, ApiPath(id): ApiPath<String>, ApiJson(decision): ApiJson<ReviewDecision>,
) -> HubResult<Json<CustomerOrder>> {
    let order_id = order_id_of(&id)?;
    let Some(reason) = decision.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()) else {
        return Err(HubError::new(ErrorCode::BadRequest, "cancelling an order needs a reason the customer can read"));
    };
    let (job_state, job_staff) = (state.clone(), staff.clone());
    let done = state.db.write(move |tx| Box::pin(async move { cancel_in(tx, &job_state, &job_staff, &order_id, &reason).await })).await?;
    tracing::info!(order_id = %done.order.order_id, by = %staff.username, "order cancelled by the supplier");
    Ok(Json(done))
}

async fn cancel_in(tx: &mut Tx, state: &AppState, staff: &StaffUser, order_id: &str, reason: &str) -> HubResult<CustomerOrder> {
    let reviewed = lock_visible(tx, staff, order_id).await?;
    let customer_id = reviewed.customer_id;
    match step(reviewed.status, OrderAction::SupplierCancel) {
        Step::Moves(_) => {}
        Step::AlreadyDone => return answer(tx, customer_id, order_id).await,
        Step::Refused => return Err(locked(reviewed.status, "cancelled")),
    }
    let now = state.calendar.now_ms();
    if takes_supply(reviewed.status) {
        let order = orders::load_order(tx, customer_id, order_id).await?.ok_or_else(|| HubError::not_found("order"))?;
        crate::supply::give_back(tx, customer_id, reviewed.cycle, &order.lines, &order.adjustments, now).await?;
    }
    orders::set_status(tx, order_id, OrderStatus::Cancelled).await?;
    let note = format!("供应商取消 (cancelled by the supplier): {reason}");
    orders::record_event(tx, order_id, OrderStatus::Cancelled, now, staff.user_id, Some(&note)).await?;
    answer(tx, customer_id, order_id).await
}
