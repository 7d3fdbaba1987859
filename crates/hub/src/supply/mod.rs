//! Stock (可订货量) and allocations (货源分配). An order takes its quantities when it is placed, with
//! conditional updates that never let a count go past its limit, so two orders racing for the last
//! units can't both have them, on SQLite or on several hubs sharing one PostgreSQL. A cancelled
//! order gives them back.

pub mod changes;
pub mod lists;
pub mod staff;
pub mod store;

use crate::accounts::CustomerUser;
use crate::db::Tx;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::catalogue::Product;
use restock_protocol::cycles::CycleWindow;
use restock_protocol::orders::OrderLine;
use restock_protocol::promotions::Adjustment;
use restock_protocol::review::ReviewLineSupply;
use restock_protocol::routes;
use restock_protocol::supply::{allot, SupplyItem, SupplyLimits, SupplyList};
use restock_protocol::{ErrorCode, LineProblem};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Each customer's own supply, and stock and allocations as the back office keeps them.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route(routes::SUPPLY, get(my_supply))
        .route(routes::SUPPLY_CHANGES, get(changes::supply_changes))
        .route(routes::STOCK, put(staff::set_stock).delete(staff::untrack_stock))
        .route(routes::STOCK_LIST, get(lists::list_stock))
        .route(routes::ALLOCATIONS, get(lists::list_allocations).put(staff::set_allocation).delete(staff::remove_allocation))
}

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

/// Supply for this customer's cycle: of `codes`, or of every limited product.
pub async fn supply_for(
    conn: &mut AnyConnection, customer_id: i64, cycle: NaiveDate, codes: Option<&[String]>,
) -> HubResult<HashMap<String, Supply>> {
    let mut supply: HashMap<String, Supply> = HashMap::new();
    for row in store::allocations(conn, customer_id, cycle).await? {
        if codes.is_none_or(|codes| codes.contains(&row.product_code)) {
            supply.entry(row.product_code).or_default().allocation = Some((row.quantity.0, row.used.0));
        }
    }
    for (code, available) in store::available(conn, codes).await? {
        supply.entry(code).or_default().available = Some(available.0);
    }
    Ok(supply)
}

/// Each line's product as a reviewer sees it: its stock now, and the customer's allocation for the
/// order's `cycle` with what is left of it (`Supply::allocation_left`), one per line in their order.
pub async fn of_lines(
    conn: &mut AnyConnection, customer_id: i64, cycle: NaiveDate, lines: &[OrderLine],
) -> HubResult<Vec<ReviewLineSupply>> {
    let codes: Vec<String> = lines.iter().map(|l| l.product_code.clone()).collect();
    let stock: HashMap<String, store::StockRow> =
        store::stock(conn, &codes).await?.into_iter().map(|row| (row.product_code.clone(), row)).collect();
    let allocations: HashMap<String, Supply> = store::allocations(conn, customer_id, cycle)
        .await?
        .into_iter()
        .map(|row| (row.product_code, Supply { allocation: Some((row.quantity.0, row.used.0)), available: None }))
        .collect();
    Ok(lines
        .iter()
        .map(|line| {
            let stock = stock.get(&line.product_code);
            let allocation = allocations.get(&line.product_code).copied().unwrap_or_default();
            ReviewLineSupply {
                product_code: line.product_code.clone(),
                on_hand: stock.map(|s| s.on_hand.0),
                available: stock.map(|s| s.available.0),
                allocation: allocation.allocation.map(|(quantity, _)| quantity),
                allocation_left: allocation.allocation_left(),
            }
        })
        .collect())
}

/// Takes every line's quantity from its allocation and the stock, in product-code order (so racing
/// transactions lock rows in the same order and never deadlock). `supply` is what was read for
/// the lines when they were checked (`supply_for`): which are limited, and by how much allocation.
/// It is not read again: each update below takes only if the quantity still fits (another order
/// may have taken some since). Returns the lines that no longer fit, with what would; the
/// caller then rolls back, so nothing is taken unless everything is.
#[allow(clippy::too_many_arguments)]
pub async fn take(
    tx: &mut Tx, customer_id: i64, cycle: NaiveDate, lines: &[OrderLine], free_goods: &mut [Adjustment], catalogue: &[Product],
    supply: &HashMap<String, Supply>, now_ms: i64,
) -> HubResult<Vec<LineProblem>> {
    let products: HashMap<&str, &Product> = catalogue.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut order: Vec<(usize, &OrderLine)> = lines.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.product_code.cmp(&b.1.product_code));
    let mut problems = Vec::new();
    for (index, line) in order {
        let Some(found) = supply.get(&line.product_code) else { continue };
        let mut refused = None;
        if let Some((allocated, _)) = found.allocation {
            if !store::take_allocation(tx, customer_id, &line.product_code, cycle, line.quantity, allocated).await? {
                refused = Some(ErrorCode::AllocationExceeded);
            }
        }
        if refused.is_none() && found.available.is_some() {
            if store::take_stock(tx, &line.product_code, line.quantity, now_ms).await? {
                take_free_goods(tx, &line.product_code, free_goods, now_ms).await?;
            } else {
                refused = Some(ErrorCode::OutOfStock);
            }
        }
        if let Some(code) = refused {
            // Read what is left now (another order may have just taken it) to say what would fit.
            let fresh = supply_for(tx, customer_id, cycle, Some(std::slice::from_ref(&line.product_code))).await?;
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
async fn take_free_goods(tx: &mut Tx, code: &str, free_goods: &mut [Adjustment], now_ms: i64) -> HubResult<()> {
    for free in free_goods.iter_mut().filter(|a| a.product_code.as_deref() == Some(code) && a.free_quantity > 0) {
        let available = store::available_of(tx, code).await?;
        restock_protocol::promotions::give_free_goods(free, available);
        if free.free_quantity > 0 {
            store::take_free_goods(tx, code, free.free_quantity, now_ms).await?;
        }
    }
    Ok(())
}

/// Gives a cancelled (or changed) order's quantities back to the allocation and the stock, its
/// free goods (`adjustments`) to the stock too.
pub async fn give_back(
    tx: &mut Tx, customer_id: i64, cycle: NaiveDate, lines: &[OrderLine], adjustments: &[Adjustment], now_ms: i64,
) -> HubResult<()> {
    let mut sorted: Vec<&OrderLine> = lines.iter().collect();
    sorted.sort_by(|a, b| a.product_code.cmp(&b.product_code));
    for line in sorted {
        let free: u32 =
            adjustments.iter().filter(|a| a.product_code.as_deref() == Some(line.product_code.as_str())).map(|a| a.free_quantity).sum();
        store::give_back(tx, customer_id, &line.product_code, cycle, line.quantity, free, now_ms).await?;
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
