//! Stock (可订货量) and allocations (货源分配). An order takes its quantities when it is placed, with
//! conditional updates that never let a count go past its limit, so two orders racing for the last
//! units can't both have them, on SQLite or on several hubs sharing one PostgreSQL. A cancelled
//! order gives them back.

pub mod changes;

use crate::auth::CustomerUser;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::catalogue::Product;
use restock_protocol::cycles::CycleWindow;
use restock_protocol::orders::OrderLine;
use restock_protocol::promotions::Adjustment;
use restock_protocol::supply::{allot, SupplyItem, SupplyLimits, SupplyList};
use restock_protocol::{ErrorCode, LineProblem};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One product's supply for one customer in one cycle; `None` means not limited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Supply {
    /// (allocated, already used by placed orders).
    pub allocation: Option<(u32, u32)>,
    pub available: Option<u32>,
}

impl Supply {
    pub fn allocation_left(&self) -> Option<u32> {
        self.allocation.map(|(quantity, used)| quantity.saturating_sub(used))
    }

    pub fn limits(&self, product: &Product) -> SupplyLimits {
        SupplyLimits { rules: product.rules, allocation_left: self.allocation_left(), available: self.available }
    }
}

fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// The allocation in force for `cycle`: a row dated for that cycle, else the standing one ('').
const EFFECTIVE_ALLOCATIONS: &str = "
    SELECT a.product_code, a.quantity, COALESCE(u.used, 0)
    FROM allocations a
    LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code AND u.cycle_date = $2
    WHERE a.customer_id = $1
      AND (a.cycle_date = $2 OR (a.cycle_date = '' AND NOT EXISTS (
            SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = $2)))";

/// Supply for this customer's cycle: of `codes`, or of every limited product.
pub async fn supply_for(
    conn: &mut AnyConnection,
    customer_id: i64,
    cycle: NaiveDate,
    codes: Option<&[String]>,
) -> HubResult<HashMap<String, Supply>> {
    let mut supply: HashMap<String, Supply> = HashMap::new();
    let allocations: Vec<(String, i64, i64)> =
        sqlx::query_as(EFFECTIVE_ALLOCATIONS).bind(customer_id).bind(cycle.to_string()).fetch_all(&mut *conn).await?;
    for (code, quantity, used) in allocations {
        if codes.is_none_or(|codes| codes.contains(&code)) {
            supply.entry(code).or_default().allocation = Some((count(quantity), count(used)));
        }
    }
    let stock: Vec<(String, i64)> = match codes {
        None => sqlx::query_as("SELECT product_code, available FROM stock").fetch_all(&mut *conn).await?,
        Some([]) => Vec::new(),
        Some(codes) => {
            let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT product_code, available FROM stock WHERE product_code IN ({})", placeholders.join(", "));
            let mut query = sqlx::query_as(&sql);
            for code in codes {
                query = query.bind(code);
            }
            query.fetch_all(&mut *conn).await?
        }
    };
    for (code, available) in stock {
        supply.entry(code).or_default().available = Some(count(available));
    }
    Ok(supply)
}

/// Takes every line's quantity from its allocation and the stock, in product-code order (so racing
/// transactions lock rows in the same order and never deadlock). `supply` is what was read for
/// the lines when they were checked (`supply_for`): which are limited, and by how much allocation.
/// It is not read again: each update below takes only if the quantity still fits (another order
/// may have taken some since). Returns the lines that no longer fit, with what would; the
/// caller then rolls back, so nothing is taken unless everything is.
#[allow(clippy::too_many_arguments)]
pub async fn take(
    conn: &mut AnyConnection,
    customer_id: i64,
    cycle: NaiveDate,
    lines: &[OrderLine],
    free_goods: &mut [Adjustment],
    catalogue: &[Product],
    supply: &HashMap<String, Supply>,
    now_ms: i64,
) -> HubResult<Vec<LineProblem>> {
    let products: HashMap<&str, &Product> = catalogue.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut order: Vec<(usize, &OrderLine)> = lines.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.product_code.cmp(&b.1.product_code));
    let mut problems = Vec::new();
    for (index, line) in order {
        let Some(found) = supply.get(&line.product_code) else { continue };
        let quantity = i64::from(line.quantity);
        let mut refused = None;
        if let Some((allocated, _)) = found.allocation {
            sqlx::query(
                "INSERT INTO allocation_use (customer_id, product_code, cycle_date, used) VALUES ($1, $2, $3, 0)
                 ON CONFLICT (customer_id, product_code, cycle_date) DO NOTHING",
            )
            .bind(customer_id)
            .bind(&line.product_code)
            .bind(cycle.to_string())
            .execute(&mut *conn)
            .await?;
            let taken = sqlx::query(
                "UPDATE allocation_use SET used = used + $4
                 WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used + $4 <= $5",
            )
            .bind(customer_id)
            .bind(&line.product_code)
            .bind(cycle.to_string())
            .bind(quantity)
            .bind(i64::from(allocated))
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if taken == 0 {
                refused = Some(ErrorCode::AllocationExceeded);
            }
        }
        if refused.is_none() && found.available.is_some() {
            let taken = sqlx::query(
                "UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2 AND available >= $1",
            )
            .bind(quantity)
            .bind(&line.product_code)
            .bind(now_ms)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if taken == 0 {
                refused = Some(ErrorCode::OutOfStock);
            } else {
                take_free_goods(conn, &line.product_code, free_goods, now_ms).await?;
            }
        }
        if let Some(code) = refused {
            // Read what is left now (another order may have just taken it) to say what would fit.
            let fresh = supply_for(conn, customer_id, cycle, Some(std::slice::from_ref(&line.product_code))).await?;
            let fresh = fresh.get(&line.product_code).copied().unwrap_or_default();
            let product = products.get(line.product_code.as_str());
            let allowed = product.map_or(0, |p| allot(line.quantity, &fresh.limits(p)).order_quantity);
            let message = match code {
                ErrorCode::AllocationExceeded => match fresh.allocation_left() {
                    Some(0) | None => format!("{}: your allocation for this cycle is used up", line.product_name),
                    Some(left) => format!("{}: only {left} left of your allocation this cycle", line.product_name),
                },
                _ => match fresh.available {
                    Some(0) | None => format!("{}: out of stock", line.product_name),
                    Some(available) => format!("{}: only {available} available", line.product_name),
                },
            };
            problems.push(LineProblem {
                line: index as u32 + 1,
                product_code: line.product_code.clone(),
                code,
                message,
                allowed: Some(allowed),
            });
        }
    }
    problems.sort_by_key(|p| p.line);
    Ok(problems)
}

/// Free goods (买N送M) of `code` leave the warehouse with the line that earned them: taken from its
/// stock (already locked by this order) as far as it goes. Where it falls short the order keeps
/// the line, and the promotion's own line says how many are given, so nothing is promised that the
/// warehouse can't ship. Not counted against the allocation: they are the supplier's gift.
async fn take_free_goods(conn: &mut AnyConnection, code: &str, free_goods: &mut [Adjustment], now_ms: i64) -> HubResult<()> {
    for free in free_goods.iter_mut().filter(|a| a.product_code.as_deref() == Some(code) && a.free_quantity > 0) {
        let available: i64 = sqlx::query_scalar("SELECT available FROM stock WHERE product_code = $1").bind(code).fetch_one(&mut *conn).await?;
        restock_protocol::promotions::give_free_goods(free, u32::try_from(available.max(0)).unwrap_or(u32::MAX));
        if free.free_quantity > 0 {
            sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2")
                .bind(i64::from(free.free_quantity))
                .bind(code)
                .bind(now_ms)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Gives a cancelled (or changed) order's quantities back to the allocation and the stock, its
/// free goods (`adjustments`) to the stock too.
pub async fn give_back(
    conn: &mut AnyConnection,
    customer_id: i64,
    cycle: NaiveDate,
    lines: &[OrderLine],
    adjustments: &[Adjustment],
    now_ms: i64,
) -> HubResult<()> {
    let mut sorted: Vec<&OrderLine> = lines.iter().collect();
    sorted.sort_by(|a, b| a.product_code.cmp(&b.product_code));
    for line in sorted {
        let quantity = i64::from(line.quantity);
        let free: i64 = adjustments
            .iter()
            .filter(|a| a.product_code.as_deref() == Some(line.product_code.as_str()))
            .map(|a| i64::from(a.free_quantity))
            .sum();
        sqlx::query(
            "UPDATE allocation_use SET used = used - $4
             WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used >= $4",
        )
        .bind(customer_id)
        .bind(&line.product_code)
        .bind(cycle.to_string())
        .bind(quantity)
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE stock SET available = available + $1, updated_at = $3 WHERE product_code = $2")
            .bind(quantity + free)
            .bind(&line.product_code)
            .bind(now_ms)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/supply", tag = "supply", security(("bearer" = [])),
    responses((status = 200, description = "my allocations for the cycle and the stock of every product that tracks it", body = SupplyList),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn my_supply(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<SupplyList>> {
    let mut conn = state.db.pool.acquire().await?;
    let cycle_date = supply_cycle(&mut conn, customer.customer_id, &state.calendar).await?;
    let supply = supply_for(&mut conn, customer.customer_id, cycle_date, None).await?;
    let mut items: Vec<SupplyItem> = supply
        .into_iter()
        .map(|(product_code, s)| SupplyItem {
            product_code,
            allocation: s.allocation.map(|(quantity, _)| quantity),
            allocation_left: s.allocation_left(),
            available: s.available,
        })
        .collect();
    items.sort_by(|a, b| a.product_code.cmp(&b.product_code));
    Ok(Json(SupplyList { cycle_date, items }))
}

/// The cycle a customer's supply is for: the open one, or the next when ordering is closed.
pub async fn supply_cycle(conn: &mut AnyConnection, customer_id: i64, calendar: &crate::calendar::Calendar) -> HubResult<NaiveDate> {
    let schedule = crate::cycles::schedule_of(conn, customer_id).await?;
    Ok(match crate::cycles::window(&schedule, calendar) {
        CycleWindow::Open { cycle_date, .. } => cycle_date,
        CycleWindow::Closed { next_ordering_day, .. } => next_ordering_day,
    })
}
