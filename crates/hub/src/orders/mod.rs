//! Orders: created exactly once per client-chosen id, following the IETF idempotency-key draft:
//! the same id with the same lines replays the first answer; with other lines it is refused (422).
//! The id is claimed with `INSERT … ON CONFLICT DO NOTHING` inside the order's own transaction, so
//! two requests racing with one id produce one order: the second waits for the first, then replays.
//!
//! Where the customer's cycle has a cutoff, a new order is only saved: it takes nothing from the
//! allocations or the stock until it is confirmed (决定购买). Elsewhere it is placed at once.

pub mod approval;
pub mod lifecycle;
pub mod store;
mod validate;

use crate::accounts::CustomerUser;
use crate::catalogue::priced_products;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::supply::Supply;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::catalogue::Product;
use restock_protocol::money::{format_yuan, to_fen, Money};
use restock_protocol::orders::{CreateOrder, Order, OrderLine, OrderLineInput, OrderList, OrderStatus};
use restock_protocol::promotions::{self, Adjustment};
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use std::collections::HashMap;
use store::{claim, Which};

/// A customer's own orders: placed, changed, confirmed, cancelled, and approved or declined by the
/// company's approver.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(routes::ORDERS, post(create_order).get(my_orders))
        .route(routes::ORDER, get(my_order).put(lifecycle::change_order))
        .route(routes::ORDER_CONFIRM, post(lifecycle::confirm_order))
        .route(routes::ORDER_CANCEL, post(lifecycle::cancel_order))
        .route(routes::ORDER_APPROVE, post(approval::approve_order))
        .route(routes::ORDER_DECLINE, post(approval::decline_order))
        .route(routes::APPROVAL_RULE, get(approval::get_rule).put(approval::set_rule))
}

fn request_hash(request: &CreateOrder) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(&request.lines).expect("lines serialize")))
}

#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), request_body = CreateOrder,
    responses(
        (status = 201, description = "the order was created: `submitted`; `saved` to be confirmed where the cycle has a cutoff; `awaiting_approval` when a buyer's order is over the company's approval limit", body = Order),
        (status = 200, description = "this order id was already used with the same lines: the same order", body = Order),
        (status = 400, description = "`bad_request`, `empty_order`", body = restock_protocol::ApiError),
        (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError),
        (status = 403, description = "`password_change_required`, `awaiting_approval` (a self-registered customer), `forbidden` (a staff account)", body = restock_protocol::ApiError),
        (status = 422, description = "`order_rejected` with a problem per line (`unknown_product`, `product_delisted`, \
            `quantity_not_positive`, `quantity_not_multiple`, `below_minimum`, `above_maximum`, `duplicate_line`, \
            `allocation_exceeded`, `out_of_stock`, each with the quantity `allowed`); `cutoff_passed`, `not_ordering_day`; \
            `insufficient_balance` (余额不足) with both amounts; `price_changed` when `expectedTotal` differs; `idempotency_key_reused`", body = restock_protocol::ApiError),
    ))]
pub async fn create_order(
    State(state): State<AppState>, customer: CustomerUser, ApiJson(request): ApiJson<CreateOrder>,
) -> HubResult<(StatusCode, Json<Order>)> {
    customer.require_approved()?;
    if request.lines.is_empty() {
        return Err(HubError::new(ErrorCode::EmptyOrder, "an order needs at least one line"));
    }
    too_many_lines(request.lines.len())?;
    let order_id = request.order_id.to_string();
    let hash = request_hash(&request);
    let now = state.calendar.now_ms();

    // Read and price first, on a connection of its own, so that the write holds only the writes
    // (on SQLite, the writer's turn). A refusal is only reported after the claim below: a repeated
    // request must replay its first answer even if, say, the stock it took is now gone.
    let prepared = {
        let mut conn = state.db.pool.acquire().await?;
        prepare(&mut conn, &state, &customer, &request).await
    };
    let claim = claim::Claim { order_id, customer_id: customer.customer_id, user_id: customer.user_id, request_hash: hash, now_ms: now };
    let job_state = state.clone();
    let job_customer = customer.clone();
    let written =
        state.db.write(move |tx| Box::pin(async move { write_new(tx, &job_state, &job_customer, &claim, prepared).await })).await?;
    match written {
        Written::Created(order) => {
            tracing::info!(order_number = %order.order_number, customer = %customer.account.customer_code, lines = order.lines.len(), total = %order.total, status = order.status.as_str(), "order created");
            Ok((StatusCode::CREATED, Json(order)))
        }
        Written::Repeat { order_id, hash } => replay(&state, &customer, &order_id, &hash).await.map(|order| (StatusCode::OK, Json(order))),
    }
}

/// Places an order inside a write already under way, as `create_order` does (checked, priced,
/// taking its allocations, stock and money, its history begun at `now_ms`): the demo's orders.
pub(crate) async fn place_in(
    tx: &mut Tx, state: &AppState, customer: &CustomerUser, request: &CreateOrder, now_ms: i64,
) -> HubResult<Order> {
    let prepared = prepare(tx, state, customer, request).await;
    let claim = claim::Claim {
        order_id: request.order_id.to_string(),
        customer_id: customer.customer_id,
        user_id: customer.user_id,
        request_hash: request_hash(request),
        now_ms,
    };
    match write_new(tx, state, customer, &claim, prepared).await? {
        Written::Created(order) => Ok(order),
        Written::Repeat { order_id, .. } => Err(HubError::Internal(format!("order id {order_id} was taken already"))),
    }
}

/// What writing a new order came to.
enum Written {
    Created(Order),
    /// The id was taken already: the answer is the order made with it, if it is the same request.
    Repeat {
        order_id: String,
        hash: String,
    },
}

/// Claims the id, then (if the order passed its checks) places and writes it; a refused order
/// returns its refusal, and its claim is rolled back with everything else.
async fn write_new(
    tx: &mut Tx, state: &AppState, customer: &CustomerUser, claim: &claim::Claim, prepared: HubResult<Prepared>,
) -> HubResult<Written> {
    let claimed = match &prepared {
        Ok(p) => {
            let row = claim::Row {
                status: p.status,
                total_fen: to_fen(p.priced.total),
                cycle: p.cycle,
                closes_at_ms: p.closes_at,
                today: state.calendar.today(),
            };
            claim::claim_order(tx, claim, &row).await?
        }
        Err(_) => claim::claim_id(tx, claim).await?.then(String::new),
    };
    let Some(order_number) = claimed else {
        return Ok(Written::Repeat { order_id: claim.order_id.clone(), hash: claim.request_hash.clone() });
    };
    let Prepared { status, cycle, closes_at, mut priced } = prepared?;
    let order_id = &claim.order_id;
    // The order's own row, already written, is not one of the open orders its total must fit beside.
    if status == OrderStatus::Submitted {
        place(tx, state, customer, cycle, &mut priced, Some(order_id)).await?;
    } else {
        // Saved to be confirmed, or waiting for approval: it takes nothing yet, but must fit.
        crate::ledger::ensure_affordable(tx, customer.customer_id, priced.total, Some(order_id)).await?;
    }
    store::insert_lines(tx, order_id, &priced.lines).await?;
    store::insert_adjustments(tx, order_id, &priced.adjustments).await?;
    let note = (status == OrderStatus::AwaitingApproval).then_some(approval::AWAITING_NOTE);
    store::record_event(tx, order_id, status, claim.now_ms, customer.user_id, note).await?;
    // The answer is built from what was just written rather than read back: as `store::load_order`
    // would give it (amounts as stored, in fen), without four more statements.
    let order_uuid = order_id.parse().map_err(|e| HubError::Internal(format!("order id {order_id}: {e}")))?;
    let created =
        store::Created { order_id: order_uuid, order_number, status, created_at_ms: claim.now_ms, cycle, closes_at_ms: closes_at };
    let by = customer.account.username.clone();
    Ok(Written::Created(store::created_order(created, priced.lines, priced.adjustments, priced.total, by)))
}

/// Refuses an order of more lines than `MOST_LINES`.
pub(crate) fn too_many_lines(lines: usize) -> HubResult<()> {
    if lines > restock_protocol::orders::MOST_LINES {
        return Err(HubError::new(
            ErrorCode::BadRequest,
            format!("an order has at most {} lines; this one has {lines}: split it", restock_protocol::orders::MOST_LINES),
        ));
    }
    Ok(())
}

/// A new order checked and priced, before anything is written.
struct Prepared {
    /// Saved (to be confirmed), awaiting the company's approval, or submitted.
    status: OrderStatus,
    cycle: NaiveDate,
    closes_at: Option<i64>,
    priced: PricedOrder,
}

async fn prepare(conn: &mut AnyConnection, state: &AppState, customer: &CustomerUser, request: &CreateOrder) -> HubResult<Prepared> {
    let schedule = crate::cycles::schedule_of(conn, customer.customer_id).await?;
    let (cycle, closes_at) = crate::cycles::require_open(&schedule, &state.calendar)?;
    let priced = price_order(conn, state, customer, cycle, &request.lines, request.expected_total).await?;
    let status = if schedule.needs_confirmation() { OrderStatus::Saved } else { approval::binding_status(customer, priced.total) };
    Ok(Prepared { status, cycle, closes_at, priced })
}

/// An order's lines checked and priced by the hub, with what promotions did and the catalogue they
/// were priced from.
pub(crate) struct PricedOrder {
    pub lines: Vec<OrderLine>,
    pub adjustments: Vec<Adjustment>,
    pub total: Money,
    pub catalogue: Vec<Product>,
    /// The lines' allocations and stock as read to check them: `place` takes from these.
    pub supply: HashMap<String, Supply>,
}

/// Checks and prices `lines` for `cycle`, and refuses a total other than the one the buyer accepted.
pub(crate) async fn price_order(
    conn: &mut AnyConnection, state: &AppState, customer: &CustomerUser, cycle: NaiveDate, lines: &[OrderLineInput],
    expected_total: Option<Money>,
) -> HubResult<PricedOrder> {
    let codes: Vec<String> = lines.iter().map(|l| l.product_code.clone()).collect();
    let catalogue = priced_products(conn, customer, state.calendar.today(), Some(&codes)).await?;
    let supply = crate::supply::supply_for(conn, customer.customer_id, cycle, Some(&codes)).await?;
    let lines = validate::price_lines(lines, &catalogue, &supply).map_err(HubError::order_rejected)?;
    let today = state.calendar.today();
    let promotions = crate::promotions::valid_for(conn, &customer.account.tier, today).await?;
    let adjustments = promotions::apply(&promoted_lines(&lines, &catalogue), &promotions, &customer.account.tier, today);
    let total = promotions::total_with(lines.iter().map(|l| l.line_amount), &adjustments);
    HubError::check_amount("this order's total", total)?;
    if let Some(expected) = expected_total.filter(|e| *e != total) {
        return Err(HubError::new(
            ErrorCode::PriceChanged,
            format!(
                "prices changed since you checked: this order now comes to {}, not {}; review the cart",
                format_yuan(total),
                format_yuan(expected)
            ),
        ));
    }
    Ok(PricedOrder { lines, adjustments, total, catalogue, supply })
}

/// The lines as promotions see them: with each product's brand and category.
fn promoted_lines(lines: &[OrderLine], catalogue: &[Product]) -> Vec<promotions::PricedLine> {
    lines
        .iter()
        .map(|l| {
            let product = catalogue.iter().find(|p| p.code == l.product_code);
            promotions::PricedLine {
                product_code: l.product_code.clone(),
                brand: product.map(|p| p.brand.clone()).unwrap_or_default(),
                category: product.map(|p| p.category.clone()).unwrap_or_default(),
                quantity: l.quantity,
                line_amount: l.line_amount,
            }
        })
        .collect()
}

/// Makes an order binding: takes its quantities (and its free goods, as far as stock goes: they may
/// come down) from the allocations and the stock, and checks that the money is there. `except` is
/// an order whose old total no longer counts (a change).
pub(crate) async fn place(
    tx: &mut Tx, state: &AppState, customer: &CustomerUser, cycle: NaiveDate, priced: &mut PricedOrder, except: Option<&str>,
) -> HubResult<()> {
    let now = state.calendar.now_ms();
    let PricedOrder { lines, adjustments, catalogue, supply, .. } = priced;
    let problems = crate::supply::take(tx, customer.customer_id, cycle, lines, adjustments, catalogue, supply, now).await?;
    if !problems.is_empty() {
        return Err(HubError::order_rejected(problems));
    }
    crate::ledger::ensure_affordable(tx, customer.customer_id, priced.total, except).await
}

/// The order already made with this id, if it is the same request from the same customer.
async fn replay(state: &AppState, customer: &CustomerUser, order_id: &str, hash: &str) -> HubResult<Order> {
    let mut conn = state.db.pool.acquire().await?;
    match store::claimed_by(&mut conn, order_id).await? {
        Some((owner, stored_hash)) if owner == customer.customer_id && stored_hash == hash => {
            store::load_order(&mut conn, customer.customer_id, order_id)
                .await?
                .ok_or_else(|| HubError::Internal(format!("order {order_id} vanished")))
        }
        _ => Err(HubError::new(ErrorCode::IdempotencyKeyReused, "this order id was already used for a different order")),
    }
}

/// Orders written around the same instant may commit out of order: a delta pull reaches this far
/// back before its `since`, so none is missed (the app replaces orders by id).
const ORDERS_OVERLAP_MS: i64 = 30_000;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct OrdersSince {
    /// The `cursor` of the previous pull: only orders changed since then are sent. Omit for all.
    pub since: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), params(OrdersSince),
    responses((status = 200, description = "my orders, newest first: all of them, or those changed since `since`", body = OrderList),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn my_orders(
    State(state): State<AppState>, customer: CustomerUser, ApiQuery(since): ApiQuery<OrdersSince>,
) -> HubResult<Json<OrderList>> {
    let mut conn = state.db.pool.acquire().await?;
    let which = match since.since {
        Some(ms) => Which::ChangedSince { customer_id: customer.customer_id, since_ms: ms.saturating_sub(ORDERS_OVERLAP_MS) },
        None => Which::AllOf { customer_id: customer.customer_id },
    };
    let orders = store::load_orders(&mut conn, which).await?;
    let latest = orders.iter().flat_map(|o| o.history.iter()).map(|e| e.at.timestamp_millis()).max();
    let cursor = latest.unwrap_or(0).max(since.since.unwrap_or(0));
    Ok(Json(OrderList { orders, cursor }))
}

#[utoipa::path(get, path = "/api/v1/orders/{order_id}", tag = "orders", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "the id the client gave the order")),
    responses((status = 200, description = "one of my orders, with its status history", body = Order),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such order of mine", body = restock_protocol::ApiError)))]
pub async fn my_order(State(state): State<AppState>, customer: CustomerUser, ApiPath(order_id): ApiPath<String>) -> HubResult<Json<Order>> {
    let order_id = order_id.parse::<uuid::Uuid>().map_err(|_| not_found())?;
    let mut conn = state.db.pool.acquire().await?;
    store::load_order(&mut conn, customer.customer_id, &order_id.to_string()).await?.map(Json).ok_or_else(not_found)
}

pub(crate) fn not_found() -> HubError {
    HubError::new(ErrorCode::NotFound, "there is no such order")
}
