//! Reading and writing orders, their lines and their history.

use crate::db::from_ms;
use crate::error::{HubError, HubResult};
use chrono::NaiveDate;
use restock_protocol::money::{from_fen, to_fen, Money};
use restock_protocol::orders::{Order, OrderEvent, OrderLine, OrderStatus};
use restock_protocol::promotions::Adjustment;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Rows per INSERT: one statement (one round trip) for an order's lines, well inside SQLite's
/// bound-parameter limit (32,766; 999 before 3.32) and PostgreSQL's (65,535) at 9 a row.
const ROWS_PER_INSERT: usize = 100;

/// `($1, $2, …), ($n, …)…`: `rows` groups of `columns` numbered placeholders.
fn value_groups(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let group: Vec<String> = (1..=columns).map(|c| format!("${}", row * columns + c)).collect();
            format!("({})", group.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn insert_lines(conn: &mut AnyConnection, order_id: &str, lines: &[OrderLine]) -> HubResult<()> {
    for (chunk_no, chunk) in lines.chunks(ROWS_PER_INSERT).enumerate() {
        let sql = format!(
            "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
             VALUES {}",
            value_groups(chunk.len(), 9)
        );
        let mut query = sqlx::query(&sql);
        for (index, line) in chunk.iter().enumerate() {
            query = query
                .bind(order_id)
                .bind((chunk_no * ROWS_PER_INSERT + index) as i64 + 1)
                .bind(&line.product_code)
                .bind(&line.product_name)
                .bind(&line.unit)
                .bind(i64::from(line.quantity))
                .bind(i64::from(line.demand))
                .bind(to_fen(line.unit_price))
                .bind(to_fen(line.line_amount));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn insert_adjustments(conn: &mut AnyConnection, order_id: &str, adjustments: &[Adjustment]) -> HubResult<()> {
    for (chunk_no, chunk) in adjustments.chunks(ROWS_PER_INSERT).enumerate() {
        let sql = format!(
            "INSERT INTO order_adjustments (order_id, position, promotion_id, description, product_code, free_quantity, amount_fen)
             VALUES {}",
            value_groups(chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for (index, a) in chunk.iter().enumerate() {
            query = query
                .bind(order_id)
                .bind((chunk_no * ROWS_PER_INSERT + index) as i64 + 1)
                .bind(a.promotion_id)
                .bind(&a.description)
                .bind(a.product_code.as_deref())
                .bind(i64::from(a.free_quantity))
                .bind(to_fen(a.amount));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// An order's adjustments written again (its free goods came down when it was placed).
pub async fn replace_adjustments(conn: &mut AnyConnection, order_id: &str, adjustments: &[Adjustment]) -> HubResult<()> {
    sqlx::query("DELETE FROM order_adjustments WHERE order_id = $1").bind(order_id).execute(&mut *conn).await?;
    insert_adjustments(conn, order_id, adjustments).await
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

/// What a new order's row holds besides its lines and money.
pub struct Created {
    pub order_id: uuid::Uuid,
    pub order_number: String,
    pub status: OrderStatus,
    pub created_at_ms: i64,
    pub cycle: NaiveDate,
    pub closes_at_ms: Option<i64>,
}

/// A just-created order as `load_order` would read it back: money rounded to fen as stored, and a
/// history of the one event, by `by` (the creating user's name).
pub fn created_order(created: Created, lines: Vec<OrderLine>, adjustments: Vec<Adjustment>, total: Money, by: String) -> Order {
    let stored = |amount: Money| from_fen(to_fen(amount));
    Order {
        order_id: created.order_id,
        order_number: created.order_number,
        status: created.status,
        created_at: from_ms(created.created_at_ms),
        cycle_date: created.cycle,
        closes_at: created.closes_at_ms.map(from_ms),
        lines: lines
            .into_iter()
            .map(|l| OrderLine { unit_price: stored(l.unit_price), line_amount: stored(l.line_amount), demand: l.demand.max(l.quantity), ..l })
            .collect(),
        adjustments: adjustments.into_iter().map(|a| Adjustment { amount: stored(a.amount), ..a }).collect(),
        total: stored(total),
        history: vec![OrderEvent { status: created.status, at: from_ms(created.created_at_ms), by, note: None }],
    }
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
