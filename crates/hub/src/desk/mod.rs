//! The customer's home screen in one request: this cycle and its orders, the money left, the
//! supplier's announcements and last cycle's short items.

pub mod announcements;

use crate::auth::CustomerUser;
use crate::error::{HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::cycles::CycleWindow;
use restock_protocol::desk::{CycleOrder, DeskStatus};
use restock_protocol::money::from_fen;
use restock_protocol::orders::OrderStatus;
use restock_protocol::supply::ShortItem;
use sqlx::AnyConnection;

#[utoipa::path(get, path = "/api/v1/desk", tag = "desk", security(("bearer" = [])),
    responses((status = 200, body = DeskStatus),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn desk_status(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<DeskStatus>> {
    let mut conn = state.db.pool.acquire().await?;
    let schedule = crate::cycles::schedule_of(&mut conn, customer.customer_id).await?;
    let cycle = crate::cycles::window(&schedule, &state.calendar);
    let today = state.calendar.today();
    let (shown_cycle, next_cycle) = match &cycle {
        CycleWindow::Open { cycle_date, .. } => (Some(*cycle_date), *cycle_date),
        CycleWindow::Closed { next_ordering_day, .. } => (latest_cycle(&mut conn, customer.customer_id, today, false).await?, *next_ordering_day),
    };
    let cycle_orders = match shown_cycle {
        Some(day) => cycle_orders(&mut conn, customer.customer_id, day).await?,
        None => Vec::new(),
    };
    // Short items come from the last cycle before the one being ordered for.
    let before = next_cycle.pred_opt().unwrap_or(next_cycle);
    let mut short_items = match latest_cycle(&mut conn, customer.customer_id, before, true).await? {
        Some(day) => short_items(&mut conn, customer.customer_id, day).await?,
        None => Vec::new(),
    };
    // Once this cycle's orders hold a short product again, it is no longer offered.
    let ordered_now: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT l.product_code FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE o.customer_id = $1 AND o.cycle_date = $2 AND o.status IN ('saved', 'submitted', 'awaiting_approval', 'approved')",
    )
    .bind(customer.customer_id)
    .bind(next_cycle.to_string())
    .fetch_all(&mut *conn)
    .await?;
    short_items.retain(|item| !ordered_now.contains(&item.product_code));
    Ok(Json(DeskStatus {
        now: state.calendar.now(),
        time_zone: state.calendar.zone().name().to_owned(),
        balance: crate::ledger::balance_of(&mut conn, customer.customer_id).await?,
        announcements: announcements::current(&mut conn, &customer.account.tier, state.calendar.now_ms()).await?,
        company: crate::orders::approval::company_approval(&customer),
        account: customer.account,
        schedule,
        cycle,
        cycle_orders,
        short_items,
        offline: false,
    }))
}

/// The latest cycle on or before `day` that has orders (only placed ones if `placed_only`).
async fn latest_cycle(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate, placed_only: bool) -> HubResult<Option<NaiveDate>> {
    let placed = if placed_only {
        format!("AND status IN ('{}', '{}')", OrderStatus::Submitted.as_str(), OrderStatus::Approved.as_str())
    } else {
        String::new()
    };
    let latest: Option<String> = sqlx::query_scalar(&format!(
        "SELECT MAX(cycle_date) FROM orders WHERE customer_id = $1 AND cycle_date <= $2 AND cycle_date <> '' {placed}"
    ))
    .bind(customer_id)
    .bind(day.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(latest.and_then(|d| d.parse().ok()))
}

async fn cycle_orders(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate) -> HubResult<Vec<CycleOrder>> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT order_id, order_number, status, total_fen FROM orders WHERE customer_id = $1 AND cycle_date = $2
         ORDER BY created_at DESC, order_id DESC",
    )
    .bind(customer_id)
    .bind(day.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(order_id, order_number, status, total_fen)| {
            Ok(CycleOrder {
                order_id: order_id.parse().map_err(|e| HubError::Internal(format!("stored order id {order_id}: {e}")))?,
                order_number,
                status: OrderStatus::parse(&status).ok_or_else(|| HubError::Internal(format!("stored status {status}")))?,
                total: from_fen(total_fen),
            })
        })
        .collect()
}

/// Products whose placed demand in `day`'s cycle was more than what could be ordered.
async fn short_items(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate) -> HubResult<Vec<ShortItem>> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT l.product_code, MAX(l.product_name), CAST(SUM(l.demand) AS BIGINT), CAST(SUM(l.quantity) AS BIGINT)
         FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE o.customer_id = $1 AND o.cycle_date = $2 AND o.status IN ($3, $4)
         GROUP BY l.product_code HAVING SUM(l.demand) > SUM(l.quantity) ORDER BY l.product_code",
    )
    .bind(customer_id)
    .bind(day.to_string())
    .bind(OrderStatus::Submitted.as_str())
    .bind(OrderStatus::Approved.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (product_code, product_name, demand, ordered) in rows {
        let substitutes: Vec<String> = sqlx::query_scalar(
            "SELECT s.substitute_code FROM substitutes s JOIN products p ON p.code = s.substitute_code
             WHERE s.product_code = $1 AND p.status = 'on_sale' ORDER BY s.rank, s.substitute_code",
        )
        .bind(&product_code)
        .fetch_all(&mut *conn)
        .await?;
        items.push(ShortItem {
            product_code,
            product_name,
            demand: u32::try_from(demand).unwrap_or(0),
            ordered: u32::try_from(ordered).unwrap_or(0),
            substitutes,
        });
    }
    Ok(items)
}
