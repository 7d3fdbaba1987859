//! Every query of orders: their rows, lines, promotion lines and history; claiming a new order's id
//! (`claim`); locking one for a change.

pub mod claim;

use crate::db::{from_ms, Count, Fen, Millis, Text, Tx};
use crate::error::HubResult;
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
    conn: &mut AnyConnection, order_id: &str, status: OrderStatus, at_ms: i64, user_id: i64, note: Option<&str>,
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
            .map(|l| OrderLine {
                unit_price: stored(l.unit_price),
                line_amount: stored(l.line_amount),
                demand: l.demand.max(l.quantity),
                ..l
            })
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

#[derive(sqlx::FromRow)]
struct OrderRow {
    order_id: Text<uuid::Uuid>,
    order_number: String,
    status: Text<OrderStatus>,
    total_fen: Fen,
    created_at: Millis,
    cycle_date: Text<NaiveDate>,
    closes_at: Option<Millis>,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    order_id: String,
    product_code: String,
    product_name: String,
    unit: String,
    quantity: Count,
    demand: Count,
    unit_price_fen: Fen,
    line_amount_fen: Fen,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    order_id: String,
    status: Text<OrderStatus>,
    at: Millis,
    username: String,
    note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AdjustmentRow {
    order_id: String,
    promotion_id: i64,
    description: String,
    product_code: Option<String>,
    free_quantity: Count,
    amount_fen: Fen,
}

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
    for row in query.fetch_all(&mut *conn).await? {
        lines.entry(row.order_id).or_default().push(OrderLine {
            product_code: row.product_code,
            product_name: row.product_name,
            unit: row.unit,
            quantity: row.quantity.0,
            demand: row.demand.0.max(row.quantity.0),
            unit_price: row.unit_price_fen.money(),
            line_amount: row.line_amount_fen.money(),
        });
    }

    let sql = format!(
        "SELECT order_id, promotion_id, description, product_code, free_quantity, amount_fen
         FROM order_adjustments WHERE order_id IN ({scope}) ORDER BY order_id, position"
    );
    let query = bind_extra!(sqlx::query_as::<_, AdjustmentRow>(&sql).bind(customer_id));
    let mut adjustments: HashMap<String, Vec<Adjustment>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        adjustments.entry(row.order_id).or_default().push(Adjustment {
            promotion_id: row.promotion_id,
            description: row.description,
            product_code: row.product_code,
            free_quantity: row.free_quantity.0,
            amount: row.amount_fen.money(),
        });
    }

    let sql = format!(
        "SELECT e.order_id, e.status, e.at, u.username, e.note FROM order_events e JOIN users u ON u.id = e.by_user
         WHERE e.order_id IN ({scope}) ORDER BY e.order_id, e.at, e.id"
    );
    let query = bind_extra!(sqlx::query_as::<_, EventRow>(&sql).bind(customer_id));
    let mut history: HashMap<String, Vec<OrderEvent>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        history.entry(row.order_id).or_default().push(OrderEvent {
            status: row.status.0,
            at: row.at.instant(),
            by: row.username,
            note: row.note,
        });
    }

    Ok(headers
        .into_iter()
        .map(|row| {
            let key = row.order_id.0.to_string();
            Order {
                order_id: row.order_id.0,
                // An order with no lines can't be written (the lines go in with the order); an
                // order without history neither. Empty here means none were found, as stored.
                lines: lines.remove(&key).unwrap_or_default(),
                adjustments: adjustments.remove(&key).unwrap_or_default(),
                history: history.remove(&key).unwrap_or_default(),
                order_number: row.order_number,
                status: row.status.0,
                created_at: row.created_at.instant(),
                cycle_date: row.cycle_date.0,
                closes_at: row.closes_at.map(Millis::instant),
                total: row.total_fen.money(),
            }
        })
        .collect())
}

pub async fn load_order(conn: &mut AnyConnection, customer_id: i64, order_id: &str) -> HubResult<Option<Order>> {
    Ok(load_orders(conn, Which::One { customer_id, order_id }).await?.pop())
}

/// What a change needs to know of an order it has locked.
pub struct Locked {
    pub status: OrderStatus,
    pub cycle: NaiveDate,
    pub closes_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct LockedRow {
    status: Text<OrderStatus>,
    cycle_date: Text<NaiveDate>,
    closes_at: Option<Millis>,
}

/// Locks one of the customer's own orders for this transaction (on PostgreSQL it holds the row
/// until commit; on SQLite the write transaction holds everything). None: no such order of theirs.
pub async fn lock_own(tx: &mut Tx, customer_id: i64, order_id: &str) -> HubResult<Option<Locked>> {
    let touched = sqlx::query("UPDATE orders SET status = status WHERE order_id = $1 AND customer_id = $2")
        .bind(order_id)
        .bind(customer_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if touched == 0 {
        return Ok(None);
    }
    let row: LockedRow =
        sqlx::query_as("SELECT status, cycle_date, closes_at FROM orders WHERE order_id = $1").bind(order_id).fetch_one(&mut **tx).await?;
    Ok(Some(Locked { status: row.status.0, cycle: row.cycle_date.0, closes_at: row.closes_at.map(|m| m.0) }))
}

/// The owner, status and cycle of an order, locked for this transaction (the back office's review).
pub struct Reviewed {
    pub customer_id: i64,
    pub status: OrderStatus,
    pub cycle: NaiveDate,
    pub total_fen: i64,
    pub branch_approved_by: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ReviewedRow {
    customer_id: i64,
    status: Text<OrderStatus>,
    cycle_date: Text<NaiveDate>,
    total_fen: Fen,
    branch_approved_by: Option<i64>,
}

pub async fn lock_for_review(tx: &mut Tx, order_id: &str) -> HubResult<Option<Reviewed>> {
    let touched =
        sqlx::query("UPDATE orders SET status = status WHERE order_id = $1").bind(order_id).execute(&mut **tx).await?.rows_affected();
    if touched == 0 {
        return Ok(None);
    }
    reviewed(tx, order_id).await
}

/// The same, read without a lock (the back office looking at an order). None: no such order.
pub async fn reviewed(conn: &mut AnyConnection, order_id: &str) -> HubResult<Option<Reviewed>> {
    let row: Option<ReviewedRow> =
        sqlx::query_as("SELECT customer_id, status, cycle_date, total_fen, branch_approved_by FROM orders WHERE order_id = $1")
            .bind(order_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|row| Reviewed {
        customer_id: row.customer_id,
        status: row.status.0,
        cycle: row.cycle_date.0,
        total_fen: row.total_fen.0,
        branch_approved_by: row.branch_approved_by,
    }))
}

pub async fn set_status(tx: &mut Tx, order_id: &str, status: OrderStatus) -> HubResult<()> {
    sqlx::query("UPDATE orders SET status = $1 WHERE order_id = $2").bind(status.as_str()).bind(order_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn set_branch_approved(tx: &mut Tx, order_id: &str, by_user: i64) -> HubResult<()> {
    sqlx::query("UPDATE orders SET branch_approved_by = $1 WHERE order_id = $2").bind(by_user).bind(order_id).execute(&mut **tx).await?;
    Ok(())
}

/// An order's lines, promotion lines and total written again (the customer changed it).
pub async fn replace_lines(tx: &mut Tx, order_id: &str, lines: &[OrderLine], adjustments: &[Adjustment], total: Money) -> HubResult<()> {
    sqlx::query("DELETE FROM order_lines WHERE order_id = $1").bind(order_id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM order_adjustments WHERE order_id = $1").bind(order_id).execute(&mut **tx).await?;
    insert_lines(tx, order_id, lines).await?;
    insert_adjustments(tx, order_id, adjustments).await?;
    sqlx::query("UPDATE orders SET total_fen = $1 WHERE order_id = $2").bind(to_fen(total)).bind(order_id).execute(&mut **tx).await?;
    Ok(())
}

/// Whose order an id is and which request made it, for a repeated request.
pub async fn claimed_by(conn: &mut AnyConnection, order_id: &str) -> HubResult<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT customer_id, request_hash FROM orders WHERE order_id = $1").bind(order_id).fetch_optional(&mut *conn).await?)
}

/// Every saved order, and every one awaiting the company's approval, whose cutoff has passed:
/// voided, each with one event by the hub. The conditional UPDATE decides which of several hubs
/// voids which order; only that one writes the event.
pub async fn void_overdue(tx: &mut Tx, now_ms: i64, hub_username: &str) -> HubResult<u64> {
    let mut count = 0;
    for (overdue, note) in [
        (OrderStatus::Saved, "not confirmed by the cutoff"),
        (OrderStatus::AwaitingApproval, "not approved by the company (审批) by the cutoff"),
    ] {
        let voided: Vec<String> = sqlx::query_scalar(
            "UPDATE orders SET status = $1 WHERE status = $2 AND closes_at IS NOT NULL AND closes_at <= $3 RETURNING order_id",
        )
        .bind(OrderStatus::Voided.as_str())
        .bind(overdue.as_str())
        .bind(now_ms)
        .fetch_all(&mut **tx)
        .await?;
        for order_id in &voided {
            sqlx::query(
                "INSERT INTO order_events (order_id, status, at, by_user, note)
                 SELECT $1, $2, $3, id, $5 FROM users WHERE username = $4",
            )
            .bind(order_id)
            .bind(OrderStatus::Voided.as_str())
            .bind(now_ms)
            .bind(hub_username)
            .bind(note)
            .execute(&mut **tx)
            .await?;
        }
        count += voided.len() as u64;
    }
    Ok(count)
}
