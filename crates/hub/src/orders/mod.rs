//! Orders: created exactly once per client-chosen id, following the IETF idempotency-key draft:
//! the same id with the same lines replays the first answer; with other lines it is refused (422).
//! The id is claimed with `INSERT … ON CONFLICT DO NOTHING` inside the order's own transaction, so
//! two requests racing with one id produce one order: the second waits for the first, then replays.

mod validate;

use crate::auth::CustomerUser;
use crate::catalogue::priced_products;
use crate::db::{from_ms, now_ms};
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::money::{format_yuan, from_fen, order_total, to_fen};
use restock_protocol::orders::{CreateOrder, Order, OrderLine, OrderList, OrderStatus};
use restock_protocol::ErrorCode;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

fn request_hash(request: &CreateOrder) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(&request.lines).expect("lines serialize")))
}

#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), request_body = CreateOrder,
    responses(
        (status = 201, description = "the order was created", body = Order),
        (status = 200, description = "this order id was already used with the same lines: the same order", body = Order),
        (status = 400, description = "`bad_request`, `empty_order`", body = restock_protocol::ApiError),
        (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError),
        (status = 422, description = "`order_rejected` with a problem per line (`unknown_product`, `product_delisted`, \
            `quantity_not_positive`, `quantity_not_multiple`, `below_minimum`, `above_maximum`, `duplicate_line`); \
            `insufficient_balance` (余额不足) with both amounts; `price_changed` when `expectedTotal` differs; `idempotency_key_reused`", body = restock_protocol::ApiError),
    ))]
pub async fn create_order(
    State(state): State<AppState>,
    customer: CustomerUser,
    ApiJson(request): ApiJson<CreateOrder>,
) -> HubResult<(StatusCode, Json<Order>)> {
    if request.lines.is_empty() {
        return Err(HubError::new(StatusCode::BAD_REQUEST, ErrorCode::EmptyOrder, "an order needs at least one line"));
    }
    let order_id = request.order_id.to_string();
    let hash = request_hash(&request);
    let now = now_ms();

    let mut tx = state.db.pool.begin().await?;
    let claimed = sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(&order_id)
    .bind(customer.customer_id)
    .bind(customer.user_id)
    .bind(format!("claim:{order_id}"))
    .bind(&hash)
    .bind(OrderStatus::Submitted.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        tx.rollback().await?;
        return replay(&state, &customer, &order_id, &hash).await.map(|order| (StatusCode::OK, Json(order)));
    }

    let codes: Vec<String> = request.lines.iter().map(|l| l.product_code.clone()).collect();
    let catalogue = priced_products(&mut tx, &customer, Some(&codes)).await?;
    let lines = match validate::price_lines(&request.lines, &catalogue) {
        Ok(lines) => lines,
        Err(problems) => {
            tx.rollback().await?; // nothing of a refused order is kept
            return Err(HubError::order_rejected(problems));
        }
    };
    let total = order_total(lines.iter().map(|l| l.line_amount));
    if let Some(expected) = request.expected_total.filter(|e| *e != total) {
        return Err(HubError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PriceChanged,
            format!(
                "prices changed since you checked: this order now comes to {}, not {}; review the cart",
                format_yuan(total),
                format_yuan(expected)
            ),
        ));
    }
    crate::ledger::ensure_affordable(&mut tx, state.db.backend, customer.customer_id, total).await?;

    let sequence: i64 =
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value")
            .fetch_one(&mut *tx)
            .await?;
    let order_number = format!("SO-{}-{sequence:06}", crate::catalogue::supplier_today().format("%Y%m%d"));
    sqlx::query("UPDATE orders SET order_number = $1, total_fen = $2 WHERE order_id = $3")
        .bind(&order_number)
        .bind(to_fen(total))
        .bind(&order_id)
        .execute(&mut *tx)
        .await?;
    insert_lines(&mut tx, &order_id, &lines).await?;
    sqlx::query("INSERT INTO order_events (order_id, status, at, by_user) VALUES ($1, $2, $3, $4)")
        .bind(&order_id)
        .bind(OrderStatus::Submitted.as_str())
        .bind(now)
        .bind(customer.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(%order_number, customer = %customer.account.customer_code, lines = lines.len(), %total, "order created");

    Ok((
        StatusCode::CREATED,
        Json(Order { order_id: request.order_id, order_number, status: OrderStatus::Submitted, created_at: from_ms(now), lines, total }),
    ))
}

async fn insert_lines(tx: &mut AnyConnection, order_id: &str, lines: &[OrderLine]) -> HubResult<()> {
    for (index, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, unit_price_fen, line_amount_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(order_id)
        .bind(index as i64 + 1)
        .bind(&line.product_code)
        .bind(&line.product_name)
        .bind(&line.unit)
        .bind(i64::from(line.quantity))
        .bind(to_fen(line.unit_price))
        .bind(to_fen(line.line_amount))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The order already made with this id, if it is the same request from the same customer.
async fn replay(state: &AppState, customer: &CustomerUser, order_id: &str, hash: &str) -> HubResult<Order> {
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT customer_id, request_hash FROM orders WHERE order_id = $1")
            .bind(order_id)
            .fetch_optional(&state.db.pool)
            .await?;
    match existing {
        Some((owner, stored_hash)) if owner == customer.customer_id && stored_hash == hash => {
            let mut orders = load_orders(state, customer.customer_id, Some(order_id)).await?;
            orders.pop().ok_or_else(|| HubError::Internal(format!("order {order_id} vanished")))
        }
        _ => Err(HubError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
            "this order id was already used for a different order",
        )),
    }
}

#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])),
    responses((status = 200, description = "my orders, newest first", body = OrderList),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn my_orders(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<OrderList>> {
    Ok(Json(OrderList { orders: load_orders(&state, customer.customer_id, None).await? }))
}

type OrderRow = (String, String, String, i64, i64);
type LineRow = (String, String, String, String, i64, i64, i64);

/// A customer's orders (or one of them), newest first, with their lines.
async fn load_orders(state: &AppState, customer_id: i64, only: Option<&str>) -> HubResult<Vec<Order>> {
    let filter = if only.is_some() { "AND order_id = $2" } else { "" };
    let sql = format!(
        "SELECT order_id, order_number, status, total_fen, created_at FROM orders
         WHERE customer_id = $1 {filter} ORDER BY created_at DESC, order_id DESC"
    );
    let mut query = sqlx::query_as::<_, OrderRow>(&sql).bind(customer_id);
    if let Some(id) = only {
        query = query.bind(id);
    }
    let headers = query.fetch_all(&state.db.pool).await?;

    let line_sql = format!(
        "SELECT order_id, product_code, product_name, unit, quantity, unit_price_fen, line_amount_fen FROM order_lines
         WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = $1 {filter}) ORDER BY order_id, line_no"
    );
    let mut line_query = sqlx::query_as::<_, LineRow>(&line_sql).bind(customer_id);
    if let Some(id) = only {
        line_query = line_query.bind(id);
    }
    let mut lines_by_order: std::collections::HashMap<String, Vec<OrderLine>> = std::collections::HashMap::new();
    for (order_id, product_code, product_name, unit, quantity, price_fen, amount_fen) in line_query.fetch_all(&state.db.pool).await? {
        lines_by_order.entry(order_id).or_default().push(OrderLine {
            product_code,
            product_name,
            unit,
            quantity: u32::try_from(quantity).unwrap_or(0),
            unit_price: from_fen(price_fen),
            line_amount: from_fen(amount_fen),
        });
    }

    headers
        .into_iter()
        .map(|(order_id, order_number, status, total_fen, created_at)| {
            Ok(Order {
                order_id: order_id.parse().map_err(|e| HubError::Internal(format!("stored order id {order_id}: {e}")))?,
                lines: lines_by_order.remove(&order_id).unwrap_or_default(),
                order_number,
                status: OrderStatus::parse(&status).ok_or_else(|| HubError::Internal(format!("stored status {status}")))?,
                created_at: from_ms(created_at),
                total: from_fen(total_fen),
            })
        })
        .collect()
}
