//! What a customer can do with an order before its cycle's cutoff: confirm it (决定购买), change it,
//! cancel it. After the cutoff, or once the supplier has acted on it, it is locked. Each step is
//! safe to repeat: confirming a confirmed order, or cancelling a cancelled one, answers with the
//! order as it is.

use super::{approval, not_found, place, price_order, store, PricedOrder};
use crate::accounts::CustomerUser;
use crate::catalogue::priced_products;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::orders::status::{step, OrderAction, Step};
use restock_protocol::orders::{ChangeOrder, Order, OrderStatus};
use restock_protocol::ErrorCode;

/// Locks one of the customer's own orders for this write. Another customer's order is "not
/// found", never "forbidden".
pub(super) async fn lock_own_order(tx: &mut Tx, customer_id: i64, order_id: &str) -> HubResult<store::Locked> {
    store::lock_own(tx, customer_id, order_id).await?.ok_or_else(not_found)
}

fn locked_error(status: OrderStatus) -> HubError {
    let message = match status {
        OrderStatus::Voided => "this order was voided: it was not confirmed by the cutoff",
        OrderStatus::Cancelled => "this order was cancelled",
        OrderStatus::Approved => "the supplier has approved this order; it can no longer be changed",
        OrderStatus::Rejected => "the supplier rejected this order",
        OrderStatus::AwaitingApproval => "this order is waiting for your company's approval (待审批)",
        OrderStatus::Saved | OrderStatus::Submitted => "this order can no longer be changed",
    };
    HubError::new(ErrorCode::OrderLocked, message)
}

pub(super) fn parse_id(id: &str) -> HubResult<String> {
    id.parse::<uuid::Uuid>().map(|u| u.to_string()).map_err(|_| not_found())
}

/// The order as this write leaves it, to answer with once it is committed.
pub(super) async fn finish(tx: &mut Tx, customer_id: i64, order_id: &str) -> HubResult<Order> {
    store::load_order(tx, customer_id, order_id).await?.ok_or_else(not_found)
}

#[utoipa::path(post, path = "/api/v1/orders/{order_id}/confirm", tag = "orders", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses(
        (status = 200, description = "confirmed (决定购买): the order is `submitted` and its quantities are taken", body = Order),
        (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
        (status = 409, description = "`order_locked`: voided, cancelled or rejected", body = restock_protocol::ApiError),
        (status = 422, description = "`cutoff_passed`; `order_rejected` with `allocation_exceeded` or `out_of_stock` lines; `insufficient_balance`", body = restock_protocol::ApiError),
    ))]
pub async fn confirm_order(State(state): State<AppState>, customer: CustomerUser, ApiPath(id): ApiPath<String>) -> HubResult<Json<Order>> {
    customer.require_approved()?;
    let order_id = parse_id(&id)?;
    let db = state.db.clone();
    Ok(Json(db.write(move |tx| Box::pin(async move { confirm(tx, &state, &customer, &order_id).await })).await?))
}

async fn confirm(tx: &mut Tx, state: &AppState, customer: &CustomerUser, order_id: &str) -> HubResult<Order> {
    let locked = lock_own_order(tx, customer.customer_id, order_id).await?;
    match step(locked.status, OrderAction::Confirm) {
        Step::Moves(_) => {}
        Step::AlreadyDone => return finish(tx, customer.customer_id, order_id).await,
        Step::Refused => return Err(locked_error(locked.status)),
    }
    let schedule = crate::cycles::schedule_of(tx, customer.customer_id).await?;
    crate::cycles::require_before_cutoff(locked.closes_at, &schedule, &state.calendar)?;
    // The order keeps the prices it was saved with; what it takes is checked now.
    let order = store::load_order(tx, customer.customer_id, order_id).await?.ok_or_else(not_found)?;
    if approval::binding_status(customer, order.total) == OrderStatus::AwaitingApproval {
        // Affordable was checked when it was saved; it takes nothing until the approver approves.
        store::set_status(tx, order_id, OrderStatus::AwaitingApproval).await?;
        let now = state.calendar.now_ms();
        store::record_event(tx, order_id, OrderStatus::AwaitingApproval, now, customer.user_id, Some(approval::AWAITING_NOTE)).await?;
        return finish(tx, customer.customer_id, order_id).await;
    }
    let order_number = order.order_number.clone();
    place_stored(tx, state, customer, order, locked.cycle, "confirmed (决定购买)").await?;
    tracing::info!(%order_number, "order confirmed");
    finish(tx, customer.customer_id, order_id).await
}

/// Places an order already stored (saved, or awaiting the company's approval) at the prices it was
/// stored with: what it takes is checked now, its free goods are written back if the stock cut
/// them, and it becomes `submitted` with `note` on its history.
pub(super) async fn place_stored(
    tx: &mut Tx, state: &AppState, customer: &CustomerUser, order: Order, cycle: NaiveDate, note: &str,
) -> HubResult<()> {
    let order_id = order.order_id.to_string();
    let codes: Vec<String> = order.lines.iter().map(|l| l.product_code.clone()).collect();
    let catalogue = priced_products(tx, customer, state.calendar.today(), Some(&codes)).await?;
    let supply = crate::supply::supply_for(tx, customer.customer_id, cycle, Some(&codes)).await?;
    let mut priced = PricedOrder { lines: order.lines, adjustments: order.adjustments.clone(), total: order.total, catalogue, supply };
    place(tx, state, customer, cycle, &mut priced, None).await?;
    if priced.adjustments != order.adjustments {
        store::replace_adjustments(tx, &order_id, &priced.adjustments).await?;
    }
    store::set_status(tx, &order_id, OrderStatus::Submitted).await?;
    store::record_event(tx, &order_id, OrderStatus::Submitted, state.calendar.now_ms(), customer.user_id, Some(note)).await
}

#[utoipa::path(post, path = "/api/v1/orders/{order_id}/cancel", tag = "orders", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses(
        (status = 200, description = "cancelled; what it had taken is given back", body = Order),
        (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
        (status = 409, description = "`order_locked`", body = restock_protocol::ApiError),
        (status = 422, description = "`cutoff_passed`", body = restock_protocol::ApiError),
    ))]
pub async fn cancel_order(State(state): State<AppState>, customer: CustomerUser, ApiPath(id): ApiPath<String>) -> HubResult<Json<Order>> {
    let order_id = parse_id(&id)?;
    let db = state.db.clone();
    Ok(Json(db.write(move |tx| Box::pin(async move { cancel(tx, &state, &customer, &order_id).await })).await?))
}

async fn cancel(tx: &mut Tx, state: &AppState, customer: &CustomerUser, order_id: &str) -> HubResult<Order> {
    let locked = lock_own_order(tx, customer.customer_id, order_id).await?;
    match step(locked.status, OrderAction::Cancel) {
        Step::Moves(_) => {}
        Step::AlreadyDone => return finish(tx, customer.customer_id, order_id).await,
        Step::Refused => return Err(locked_error(locked.status)),
    }
    let schedule = crate::cycles::schedule_of(tx, customer.customer_id).await?;
    crate::cycles::require_before_cutoff(locked.closes_at, &schedule, &state.calendar)?;
    let now = state.calendar.now_ms();
    if locked.status == OrderStatus::Submitted {
        let order = store::load_order(tx, customer.customer_id, order_id).await?.ok_or_else(not_found)?;
        crate::supply::give_back(tx, customer.customer_id, locked.cycle, &order.lines, &order.adjustments, now).await?;
    }
    store::set_status(tx, order_id, OrderStatus::Cancelled).await?;
    store::record_event(tx, order_id, OrderStatus::Cancelled, now, customer.user_id, None).await?;
    finish(tx, customer.customer_id, order_id).await
}

#[utoipa::path(put, path = "/api/v1/orders/{order_id}", tag = "orders", security(("bearer" = [])), request_body = ChangeOrder,
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses(
        (status = 200, description = "the order with its new lines, checked and priced again", body = Order),
        (status = 400, description = "`empty_order`", body = restock_protocol::ApiError),
        (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
        (status = 409, description = "`order_locked`", body = restock_protocol::ApiError),
        (status = 422, description = "`cutoff_passed`; `order_rejected` with a problem per line; `insufficient_balance`; `price_changed`", body = restock_protocol::ApiError),
    ))]
pub async fn change_order(
    State(state): State<AppState>, customer: CustomerUser, ApiPath(id): ApiPath<String>, ApiJson(change_request): ApiJson<ChangeOrder>,
) -> HubResult<Json<Order>> {
    customer.require_approved()?;
    let order_id = parse_id(&id)?;
    if change_request.lines.is_empty() {
        return Err(HubError::new(ErrorCode::EmptyOrder, "an order needs at least one line; cancel it instead"));
    }
    super::too_many_lines(change_request.lines.len())?;
    let db = state.db.clone();
    Ok(Json(db.write(move |tx| Box::pin(async move { change(tx, &state, &customer, &order_id, change_request).await })).await?))
}

async fn change(tx: &mut Tx, state: &AppState, customer: &CustomerUser, order_id: &str, change: ChangeOrder) -> HubResult<Order> {
    let locked = lock_own_order(tx, customer.customer_id, order_id).await?;
    if !matches!(step(locked.status, OrderAction::Change), Step::Moves(_)) {
        return Err(locked_error(locked.status));
    }
    let schedule = crate::cycles::schedule_of(tx, customer.customer_id).await?;
    crate::cycles::require_before_cutoff(locked.closes_at, &schedule, &state.calendar)?;
    let now = state.calendar.now_ms();
    let placed = locked.status == OrderStatus::Submitted;
    if placed {
        // Give the old lines back first, so the new ones may use what the old ones held.
        let old = store::load_order(tx, customer.customer_id, order_id).await?.ok_or_else(not_found)?;
        crate::supply::give_back(tx, customer.customer_id, locked.cycle, &old.lines, &old.adjustments, now).await?;
    }
    let mut priced = price_order(tx, state, customer, locked.cycle, &change.lines, change.expected_total).await?;
    // A saved order stays saved; a binding one is placed again, or waits for approval if it has
    // grown past the company's limit (and is placed if it has shrunk below it).
    let status = match locked.status {
        OrderStatus::Saved => OrderStatus::Saved,
        _ => approval::binding_status(customer, priced.total),
    };
    if status == OrderStatus::Submitted {
        place(tx, state, customer, locked.cycle, &mut priced, Some(order_id)).await?;
    } else {
        crate::ledger::ensure_affordable(tx, customer.customer_id, priced.total, Some(order_id)).await?;
    }
    if status != locked.status {
        store::set_status(tx, order_id, status).await?;
    }
    store::replace_lines(tx, order_id, &priced.lines, &priced.adjustments, priced.total).await?;
    let note = if status == OrderStatus::AwaitingApproval && locked.status != status { approval::AWAITING_NOTE } else { "changed" };
    store::record_event(tx, order_id, status, now, customer.user_id, Some(note)).await?;
    finish(tx, customer.customer_id, order_id).await
}
