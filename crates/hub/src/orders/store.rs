//! Reading and writing orders, their lines and their history.

use crate::db::from_ms;
use crate::error::{HubError, HubResult};
use chrono::NaiveDate;
use restock_protocol::money::{from_fen, to_fen};
use restock_protocol::orders::{Order, OrderEvent, OrderLine, OrderStatus};
use restock_protocol::promotions::Adjustment;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub async fn insert_lines(conn: &mut AnyConnection, order_id: &str, lines: &[OrderLine]) -> HubResult<()> {
    for (index, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(order_id)
        .bind(index as i64 + 1)
        .bind(&line.product_code)
        .bind(&line.product_name)
        .bind(&line.unit)
        .bind(i64::from(line.quantity))
        .bind(i64::from(line.demand))
        .bind(to_fen(line.unit_price))
        .bind(to_fen(line.line_amount))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn insert_adjustments(conn: &mut AnyConnection, order_id: &str, adjustments: &[Adjustment]) -> HubResult<()> {
    for (index, a) in adjustments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_adjustments (order_id, position, promotion_id, description, product_code, free_quantity, amount_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(order_id)
        .bind(index as i64 + 1)
        .bind(a.promotion_id)
        .bind(&a.description)
        .bind(a.product_code.as_deref())
        .bind(i64::from(a.free_quantity))
        .bind(to_fen(a.amount))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn record_event(
    conn: &mut AnyConnection,
    order_id: &str,
    status: OrderStatus,
    at_ms: i64,
    user_id: i64,
    note: Option<&str>,
) -> HubResult<()> {
    sqlx::query("INSERT INTO order_events (order_id, status, at, by_user, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(order_id)
        .bind(status.as_str())
        .bind(at_ms)
        .bind(user_id)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Which orders to load: all of a customer's, one, or those changed since an instant (ms).
pub enum Which<'a> {
    ChangedSince { customer_id: i64, since_ms: i64 },
    AllOf { customer_id: i64 },
    One { customer_id: i64, order_id: &'a str },
}

type OrderRow = (String, String, String, i64, i64, String, Option<i64>);
type LineRow = (String, String, String, String, i64, i64, i64, i64);
type EventRow = (String, String, i64, String, Option<String>);
type AdjustmentRow = (String, i64, String, Option<String>, i64, i64);

/// Orders with their lines and history, newest first. Only ever a customer's own.
pub async fn load_orders(conn: &mut AnyConnection, which: Which<'_>) -> HubResult<Vec<Order>> {
    // One extra parameter at most, as $2: the order's id or the instant.
    #[derive(Clone, Copy)]
    enum Extra<'b> {
        None,
        Id(&'b str),
        Since(i64),
    }
    let (customer_id, extra) = match which {
        Which::AllOf { customer_id } => (customer_id, Extra::None),
        Which::One { customer_id, order_id } => (customer_id, Extra::Id(order_id)),
        Which::ChangedSince { customer_id, since_ms } => (customer_id, Extra::Since(since_ms)),
    };
    let filter = match extra {
        Extra::None => "",
        Extra::Id(_) => "AND order_id = $2",
        // Every change to an order writes an event, so its events say when it last changed.
        Extra::Since(_) => "AND order_id IN (SELECT order_id FROM order_events WHERE at > $2)",
    };
    macro_rules! bind_extra {
        ($query:expr) => {
            match extra {
                Extra::None => $query,
                Extra::Id(id) => $query.bind(id),
                Extra::Since(ms) => $query.bind(ms),
            }
        };
    }
    let scope = format!("SELECT order_id FROM orders WHERE customer_id = $1 {filter}");
    let sql = format!(
        "SELECT order_id, order_number, status, total_fen, created_at, cycle_date, closes_at FROM orders
         WHERE customer_id = $1 {filter} ORDER BY created_at DESC, order_id DESC"
    );
    let query = bind_extra!(sqlx::query_as::<_, OrderRow>(&sql).bind(customer_id));
    let headers = query.fetch_all(&mut *conn).await?;

    let sql = format!(
        "SELECT order_id, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen
         FROM order_lines WHERE order_id IN ({scope}) ORDER BY order_id, line_no"
    );
    let query = bind_extra!(sqlx::query_as::<_, LineRow>(&sql).bind(customer_id));
    let mut lines: HashMap<String, Vec<OrderLine>> = HashMap::new();
    for (order_id, product_code, product_name, unit, quantity, demand, price_fen, amount_fen) in query.fetch_all(&mut *conn).await? {
        let quantity = u32::try_from(quantity).unwrap_or(0);
        lines.entry(order_id).or_default().push(OrderLine {
            product_code,
            product_name,
            unit,
            quantity,
            demand: u32::try_from(demand).unwrap_or(quantity).max(quantity),
            unit_price: from_fen(price_fen),
            line_amount: from_fen(amount_fen),
        });
    }

    let sql = format!(
        "SELECT order_id, promotion_id, description, product_code, free_quantity, amount_fen
         FROM order_adjustments WHERE order_id IN ({scope}) ORDER BY order_id, position"
    );
    let query = bind_extra!(sqlx::query_as::<_, AdjustmentRow>(&sql).bind(customer_id));
    let mut adjustments: HashMap<String, Vec<Adjustment>> = HashMap::new();
    for (order_id, promotion_id, description, product_code, free_quantity, amount_fen) in query.fetch_all(&mut *conn).await? {
        adjustments.entry(order_id).or_default().push(Adjustment {
            promotion_id,
            description,
            product_code,
            free_quantity: u32::try_from(free_quantity).unwrap_or(0),
            amount: from_fen(amount_fen),
        });
    }

    let sql = format!(
        "SELECT e.order_id, e.status, e.at, u.username, e.note FROM order_events e JOIN users u ON u.id = e.by_user
         WHERE e.order_id IN ({scope}) ORDER BY e.order_id, e.at, e.id"
    );
    let query = bind_extra!(sqlx::query_as::<_, EventRow>(&sql).bind(customer_id));
    let mut history: HashMap<String, Vec<OrderEvent>> = HashMap::new();
    for (order_id, status, at, by, note) in query.fetch_all(&mut *conn).await? {
        let status = OrderStatus::parse(&status).ok_or_else(|| HubError::Internal(format!("stored status {status}")))?;
        history.entry(order_id).or_default().push(OrderEvent { status, at: from_ms(at), by, note });
    }

    headers
        .into_iter()
        .map(|(order_id, order_number, status, total_fen, created_at, cycle_date, closes_at)| {
            Ok(Order {
                order_id: order_id.parse().map_err(|e| HubError::Internal(format!("stored order id {order_id}: {e}")))?,
                lines: lines.remove(&order_id).unwrap_or_default(),
                adjustments: adjustments.remove(&order_id).unwrap_or_default(),
                history: history.remove(&order_id).unwrap_or_default(),
                order_number,
                status: OrderStatus::parse(&status).ok_or_else(|| HubError::Internal(format!("stored status {status}")))?,
                created_at: from_ms(created_at),
                cycle_date: cycle_date.parse::<NaiveDate>().unwrap_or_default(),
                closes_at: closes_at.map(from_ms),
                total: from_fen(total_fen),
            })
        })
        .collect()
}

pub async fn load_order(conn: &mut AnyConnection, customer_id: i64, order_id: &str) -> HubResult<Option<Order>> {
    Ok(load_orders(conn, Which::One { customer_id, order_id }).await?.pop())
}
