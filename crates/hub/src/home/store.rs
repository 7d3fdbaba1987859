//! The home screen's queries: a cycle's orders, the last cycle with orders, its short items.

use crate::db::{Count, Fen, Text};
use crate::error::HubResult;
use chrono::NaiveDate;
use restock_protocol::home::CycleOrder;
use restock_protocol::orders::OrderStatus;
use restock_protocol::supply::ShortItem;
use sqlx::AnyConnection;

/// The products in this cycle's saved, waiting or placed orders.
pub async fn ordered_in_cycle(conn: &mut AnyConnection, customer_id: i64, cycle: NaiveDate) -> HubResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT l.product_code FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE o.customer_id = $1 AND o.cycle_date = $2 AND o.status IN ('saved', 'submitted', 'awaiting_approval', 'approved')",
    )
    .bind(customer_id)
    .bind(cycle.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// The latest cycle on or before `day` that has orders (only placed ones if `placed_only`).
pub async fn latest_cycle(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate, placed_only: bool) -> HubResult<Option<NaiveDate>> {
    let placed = if placed_only {
        format!("AND status IN ('{}', '{}')", OrderStatus::Submitted.as_str(), OrderStatus::Approved.as_str())
    } else {
        String::new()
    };
    let latest: Option<Text<NaiveDate>> = sqlx::query_scalar(&format!(
        "SELECT MAX(cycle_date) FROM orders WHERE customer_id = $1 AND cycle_date <= $2 AND cycle_date <> '' {placed}"
    ))
    .bind(customer_id)
    .bind(day.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(latest.map(|d| d.0))
}

#[derive(sqlx::FromRow)]
struct CycleOrderRow {
    order_id: Text<uuid::Uuid>,
    order_number: String,
    status: Text<OrderStatus>,
    total_fen: Fen,
}

pub async fn cycle_orders(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate) -> HubResult<Vec<CycleOrder>> {
    let rows: Vec<CycleOrderRow> = sqlx::query_as(
        "SELECT order_id, order_number, status, total_fen FROM orders WHERE customer_id = $1 AND cycle_date = $2
         ORDER BY created_at DESC, order_id DESC",
    )
    .bind(customer_id)
    .bind(day.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CycleOrder {
            order_id: row.order_id.0,
            order_number: row.order_number,
            status: row.status.0,
            total: row.total_fen.money(),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ShortRow {
    product_code: String,
    product_name: String,
    demand: Count,
    ordered: Count,
}

/// Products whose placed demand in `day`'s cycle was more than what could be ordered, with the
/// substitutes on sale for each.
pub async fn short_items(conn: &mut AnyConnection, customer_id: i64, day: NaiveDate) -> HubResult<Vec<ShortItem>> {
    let rows: Vec<ShortRow> = sqlx::query_as(
        "SELECT l.product_code, MAX(l.product_name) AS product_name, CAST(SUM(l.demand) AS BIGINT) AS demand, CAST(SUM(l.quantity) AS BIGINT) AS ordered
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
    for row in rows {
        let substitutes: Vec<String> = sqlx::query_scalar(
            "SELECT s.substitute_code FROM substitutes s JOIN products p ON p.code = s.substitute_code
             WHERE s.product_code = $1 AND p.status = 'on_sale' ORDER BY s.rank, s.substitute_code",
        )
        .bind(&row.product_code)
        .fetch_all(&mut *conn)
        .await?;
        items.push(ShortItem {
            product_code: row.product_code,
            product_name: row.product_name,
            demand: row.demand.0,
            ordered: row.ordered.0,
            substitutes,
        });
    }
    Ok(items)
}
