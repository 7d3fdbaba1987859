//! Carts: several named ones per supplier connection (saved carts), one of them active. Every change
//! is its own committed transaction, so a crash or a kill loses nothing that was shown as saved.

pub mod changing;
mod desk;
pub mod review;
mod saved;
pub mod start;
pub mod views;

pub use saved::{active_cart, create, delete, duplicate, list, open, rename};

use crate::cart::views::{CartLineView, CartView};
use crate::catalogue;
use crate::error::Result;
use restock_protocol::accounts::UserRole;
use restock_protocol::catalogue::ProductStatus;
use restock_protocol::cycles::{closed_message, window_at, CycleWindow};
use restock_protocol::home::HomeStatus;
use restock_protocol::money::format_yuan;
use restock_protocol::money::{line_amount, Money};
use restock_protocol::orders::approval::needs_approval;
use restock_protocol::promotions::{self, PricedLine};
use restock_protocol::supply::{allot, check_order_quantity};
use restock_protocol::LineProblem;
use restock_protocol::{ApiError, ErrorCode};
use review::SeenLine;
use sqlx::SqlitePool;

/// Sets a line's quantity (above 0; see [`remove_line`]). A new line goes to the end. `seen` is the
/// price and status the buyer was shown, kept for the pre-submit review.
pub async fn set_quantity(
    pool: &SqlitePool, cart_id: i64, product_code: &str, quantity: u32, (seen_price, seen_status): (Money, ProductStatus),
) -> Result<()> {
    // One round trip for a keystroke: the line, then the cart's time (each committed as it runs; the
    // line is what must last).
    sqlx::query(&format!("{UPSERT_LINE}; {}", saved::touch_statement(6)))
        .bind(cart_id)
        .bind(product_code)
        .bind(i64::from(quantity))
        .bind(seen_price.to_string())
        .bind(seen_status.as_str())
        .bind(saved::now())
        .execute(pool)
        .await?;
    Ok(())
}

/// `$1` cart, `$2` product code, `$3` quantity, `$4` and `$5` the price and status the buyer saw.
const UPSERT_LINE: &str = "INSERT INTO cart_lines (cart_id, product_code, quantity, position, seen_price, seen_status)
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_lines WHERE cart_id = $1), $4, $5)
     ON CONFLICT (cart_id, product_code) DO UPDATE SET
        quantity = excluded.quantity, seen_price = excluded.seen_price, seen_status = excluded.seen_status";

/// Sets several lines in one transaction (one durable write, not one per line).
pub async fn set_lines(pool: &SqlitePool, cart_id: i64, lines: &[(&str, u32, (Money, ProductStatus))]) -> Result<()> {
    let mut tx = pool.begin().await?;
    for (product_code, quantity, (seen_price, seen_status)) in lines {
        sqlx::query(UPSERT_LINE)
            .bind(cart_id)
            .bind(*product_code)
            .bind(i64::from(*quantity))
            .bind(seen_price.to_string())
            .bind(seen_status.as_str())
            .execute(&mut *tx)
            .await?;
    }
    saved::touch(&mut *tx, cart_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_line(pool: &SqlitePool, cart_id: i64, product_code: &str) -> Result<()> {
    sqlx::query(&format!("DELETE FROM cart_lines WHERE cart_id = $1 AND product_code = $2; {}", saved::touch_statement(3)))
        .bind(cart_id)
        .bind(product_code)
        .bind(saved::now())
        .execute(pool)
        .await?;
    Ok(())
}

/// The lines with what the buyer saw when setting them.
pub async fn seen_lines(pool: &SqlitePool, cart_id: i64) -> Result<Vec<SeenLine>> {
    let rows: Vec<(String, i64, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT product_code, quantity, seen_price, seen_status FROM cart_lines WHERE cart_id = $1 ORDER BY position")
            .bind(cart_id)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(product_code, quantity, price, status)| SeenLine {
            product_code,
            quantity: u32::try_from(quantity).unwrap_or(0),
            seen_price: price.and_then(|p| p.parse().ok()),
            seen_status: status.as_deref().and_then(ProductStatus::parse),
        })
        .collect())
}

/// The buyer accepted the review: lines take today's prices, and lines that can no longer be
/// ordered (delisted, or gone from the catalogue) leave the cart.
pub async fn accept_current(pool: &SqlitePool, connection_id: i64, cart_id: i64) -> Result<()> {
    let lines = seen_lines(pool, cart_id).await?;
    let codes: Vec<&str> = lines.iter().map(|l| l.product_code.as_str()).collect();
    let products = catalogue::by_codes(pool, connection_id, &codes).await?;
    let mut tx = pool.begin().await?;
    for line in &lines {
        match products.get(&line.product_code) {
            Some(p) if p.status == ProductStatus::OnSale => {
                sqlx::query("UPDATE cart_lines SET seen_price = $1, seen_status = $2 WHERE cart_id = $3 AND product_code = $4")
                    .bind(p.price.to_string())
                    .bind(p.status.as_str())
                    .bind(cart_id)
                    .bind(&line.product_code)
                    .execute(&mut *tx)
                    .await?;
            }
            _ => {
                sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_code = $2")
                    .bind(cart_id)
                    .bind(&line.product_code)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    saved::touch(&mut *tx, cart_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A cart priced with the local catalogue: each demand turned into the order quantity the hub's own
/// rules allow, with the reason for every cut.
pub async fn view(pool: &SqlitePool, connection_id: i64, cart_id: i64) -> Result<CartView> {
    // One query, not one per table: a keystroke's answer waits for each round trip to SQLite's
    // thread, and on a busy machine every one of them costs a wake-up (BENCHMARKS.md).
    let context = ViewContext::load(pool, connection_id, cart_id).await?;
    let stored = stored_lines(pool, &context.catalogue, &context.lines).await?;
    let mut lines = Vec::with_capacity(stored.len());
    for (index, StoredLine { quantity, product, supply }) in stored.into_iter().enumerate() {
        let Some(product) = product else {
            continue; // the product left the catalogue; the review lists it, and the hub would refuse it
        };
        let supply = supply.map(|mut s| {
            if let Some(held) = &context.held {
                held.give_back(&mut s);
            }
            s
        });
        let limits = crate::supply::limits(&product, supply.as_ref());
        let allotment = allot(quantity, &limits);
        // Only a line of which nothing can be ordered is a problem; a cut is shown beside the demand.
        let problem =
            (allotment.order_quantity == 0).then(|| check_order_quantity(quantity, &limits).err()).flatten().map(|r| LineProblem {
                line: index as u32 + 1,
                product_code: product.code.clone(),
                code: r.code,
                message: r.message,
                allowed: Some(r.allowed),
            });
        lines.push(CartLineView {
            line_amount: line_amount(product.price, allotment.order_quantity),
            quantity,
            order_quantity: allotment.order_quantity,
            cuts: allotment.cuts,
            allocation_left: supply.as_ref().and_then(|s| s.allocation_left),
            available: supply.as_ref().and_then(|s| s.available),
            product,
            problem,
        });
    }
    let ViewContext { name, tier, promotions, mut status, changes_order, held, .. } = context;
    if let (Some(status), Some(held)) = (status.as_mut(), &held) {
        // The order being changed stops counting as open once the hub has its change.
        status.balance.available = status.balance.available.map(|available| available + held.total);
    }
    let priced: Vec<PricedLine> = lines
        .iter()
        .filter(|l| l.problem.is_none())
        .map(|l| PricedLine {
            product_code: l.product.code.clone(),
            brand: l.product.brand.clone(),
            category: l.product.category.clone(),
            quantity: l.order_quantity,
            line_amount: l.line_amount,
        })
        .collect();
    let today = crate::orders::today_in(status.as_ref());
    let mut adjustments = promotions::apply(&priced, &promotions, &tier, today);
    // Free goods come out of the same stock as their line, as the hub takes them.
    let mut left: std::collections::HashMap<&str, u32> =
        lines.iter().filter_map(|l| l.available.map(|a| (l.product.code.as_str(), a.saturating_sub(l.order_quantity)))).collect();
    for free in adjustments.iter_mut().filter(|a| a.free_quantity > 0) {
        if let Some(left) = free.product_code.as_deref().and_then(|code| left.get_mut(code)) {
            promotions::give_free_goods(free, *left);
            *left -= free.free_quantity;
        }
    }
    let total = promotions::total_with(lines.iter().map(|l| l.line_amount), &adjustments);
    let warnings = match status {
        Some(status) if !lines.is_empty() => order_warnings(&status, total, chrono::Utc::now()),
        _ => Vec::new(),
    };
    Ok(CartView { id: cart_id, name, line_count: lines.len() as u32, lines, adjustments, total, warnings, changes_order })
}

/// What pricing a cart needs besides its lines, read in one query.
struct ViewContext {
    name: String,
    tier: String,
    promotions: Vec<restock_protocol::promotions::Promotion>,
    /// The home screen last fetched (the cycle, the balance, the supplier's time zone).
    status: Option<HomeStatus>,
    /// Which stored catalogue the lines' products come from.
    catalogue: catalogue::CatalogueStamp,
    /// The lines as stored, with their supply: see [`stored_lines`].
    lines: String,
    changes_order: Option<views::ChangedOrder>,
    /// What the order being changed holds (see [`changing`]).
    held: Option<changing::Held>,
}

impl ViewContext {
    async fn load(pool: &SqlitePool, connection_id: i64, cart_id: i64) -> Result<ViewContext> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (name, tier, promotions, status, hub_url, cursor, lines, changes_order, changes_order_number, held): Row = sqlx::query_as(
            "SELECT c.name, n.tier,
                    (SELECT body FROM promotions WHERE connection_id = n.id),
                    (SELECT body FROM desk_status WHERE connection_id = n.id),
                    n.hub_url, n.catalogue_cursor,
                    (SELECT json_group_array(json_array(l.position, l.product_code, l.quantity, p.code IS NOT NULL,
                                s.allocation, s.allocation_left, s.available, s.product_code))
                     FROM cart_lines l
                     LEFT JOIN products p ON p.connection_id = n.id AND p.code = l.product_code
                     LEFT JOIN supply s ON s.connection_id = n.id AND s.product_code = l.product_code
                     WHERE l.cart_id = c.id),
                    c.changes_order, c.changes_order_number, c.held
             FROM carts c JOIN connections n ON n.id = $1
             WHERE c.id = $2",
        )
        .bind(connection_id)
        .bind(cart_id)
        .fetch_one(pool)
        .await?;
        Ok(ViewContext {
            name,
            tier,
            promotions: crate::promotions::from_stored(promotions),
            status: crate::orders::home_status_from_stored(status),
            catalogue: catalogue::CatalogueStamp { connection_id, hub_url, cursor },
            lines,
            changes_order: match (changes_order.and_then(|id| id.parse().ok()), changes_order_number) {
                (Some(order_id), Some(order_number)) => Some(views::ChangedOrder { order_id, order_number }),
                _ => None,
            },
            held: changing::held_from_stored(held),
        })
    }
}

/// A cart line as stored, with its product and supply as last synced (`None`: not in them).
struct StoredLine {
    quantity: u32,
    product: Option<std::sync::Arc<restock_protocol::catalogue::Product>>,
    supply: Option<restock_protocol::supply::SupplyItem>,
}

/// The cart's lines in their order, each with its product and supply, from `lines`: the JSON array
/// [`ViewContext::load`] reads, one row however many lines (sqlx hands each row over from SQLite's
/// thread on its own, and on a busy machine the 500 wake-ups that took were most of a keystroke's
/// view). It carries no product's stored text: products come parsed from
/// `catalogue::parsed_products`, read again only after a sync changed them.
async fn stored_lines(pool: &SqlitePool, catalogue: &catalogue::CatalogueStamp, lines: &str) -> Result<Vec<StoredLine>> {
    type Stored = (i64, String, i64, i64, Option<i64>, Option<i64>, Option<i64>, Option<String>);
    let mut rows: Vec<Stored> = serde_json::from_str(lines).expect("SQLite's JSON array of cart lines parses");
    rows.sort_unstable_by_key(|row| row.0);
    let listed: Vec<&str> = rows.iter().filter(|row| row.3 != 0).map(|row| row.1.as_str()).collect();
    let mut products = catalogue::parsed_products(pool, catalogue, &listed).await?;
    Ok(rows
        .into_iter()
        .map(|(_, code, quantity, _, allocation, left, available, supplied)| StoredLine {
            quantity: u32::try_from(quantity).unwrap_or(0),
            product: products.remove(&code),
            supply: supplied.map(|_| crate::supply::item(code, allocation, left, available)),
        })
        .collect())
}

/// The whole-order rules the hub checks, mirrored with the hub's own functions: the cycle window
/// (`window_at`, in the supplier's zone), the money left and the company's approval limit.
pub fn order_warnings(status: &HomeStatus, total: Money, now: chrono::DateTime<chrono::Utc>) -> Vec<ApiError> {
    let mut warnings = Vec::new();
    let zone = status.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let window = window_at(&status.schedule, zone, now);
    if let CycleWindow::Closed { reason, .. } = &window {
        warnings.push(ApiError::new(reason.error_code(), closed_message(&window, zone).unwrap_or_default()));
    }
    if let Err(refusal) = restock_protocol::ledger::check_affordable(status.balance.available, total) {
        warnings.push(refusal);
    }
    let role = if status.company.can_approve { UserRole::Approver } else { UserRole::Buyer };
    if let Some(limit) = status.company.approval_over.filter(|_| needs_approval(role, status.company.approval_over, total)) {
        warnings.push(ApiError::new(
            ErrorCode::NeedsApproval,
            format!(
                "this order, {}, is over your company's approval limit of {}: it waits for your approver",
                format_yuan(total),
                format_yuan(limit)
            ),
        ));
    }
    warnings
}

#[cfg(test)]
mod warning_tests {
    use super::*;
    use chrono::TimeZone;
    use restock_protocol::accounts::Account;
    use restock_protocol::cycles::OrderingSchedule;
    use restock_protocol::ledger::Balance;
    use rust_decimal_macros::dec;

    fn status(cutoff: &str, available: Option<Money>) -> HomeStatus {
        HomeStatus {
            account: Account { username: "u".into(), customer_code: "c".into(), customer_name: "n".into(), tier: "B".into() },
            now: chrono::Utc::now(),
            time_zone: "Asia/Shanghai".into(),
            schedule: OrderingSchedule { ordering_days: vec![2], cutoff: Some(cutoff.parse().unwrap()) },
            cycle: CycleWindow::Closed {
                reason: restock_protocol::cycles::ClosedReason::NotOrderingDay,
                closed_at: None,
                next_ordering_day: chrono::NaiveDate::MIN,
            },
            cycle_orders: Vec::new(),
            balance: Balance { prepaid: available, credit_limit: None, open_orders: dec!(0), available },
            announcements: Vec::new(),
            short_items: Vec::new(),
            company: Default::default(),
            offline: false,
        }
    }

    fn shanghai(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> chrono::DateTime<chrono::Utc> {
        chrono_tz::Asia::Shanghai.with_ymd_and_hms(y, m, d, h, min, s).unwrap().with_timezone(&chrono::Utc)
    }

    #[test]
    fn the_cart_warns_of_the_cutoff_and_the_balance_as_the_hub_would_refuse() {
        let tuesday = status("14:30:00", Some(dec!(1500.00)));
        assert!(order_warnings(&tuesday, dec!(1500.00), shanghai(2026, 11, 24, 14, 29, 59)).is_empty());
        let late = order_warnings(&tuesday, dec!(1600.00), shanghai(2026, 11, 24, 14, 30, 0));
        let codes: Vec<_> = late.iter().map(|w| w.code).collect();
        assert_eq!(codes, [ErrorCode::CutoffPassed, ErrorCode::InsufficientBalance]);
        assert_eq!(late[0].message, "this cycle closed at 14:30; the next ordering day is Tuesday 2026-12-01");
        assert_eq!(late[1].message, "余额不足: available 1,500.00, this order 1,600.00");
        assert!(order_warnings(&status("14:30:00", None), dec!(999999), shanghai(2026, 11, 24, 9, 0, 0)).is_empty(), "no limit set");
    }

    #[test]
    fn a_buyer_is_told_before_submitting_that_the_order_will_wait_for_the_approver() {
        let mut buyer = status("14:30:00", None);
        buyer.company = restock_protocol::orders::approval::CompanyApproval { approval_over: Some(dec!(5000.00)), can_approve: false };
        let morning = shanghai(2026, 11, 24, 9, 0, 0);
        assert!(order_warnings(&buyer, dec!(5000.00), morning).is_empty(), "at the limit nothing waits");
        let over = order_warnings(&buyer, dec!(5000.01), morning);
        assert_eq!(over.iter().map(|w| w.code).collect::<Vec<_>>(), [ErrorCode::NeedsApproval]);
        assert_eq!(over[0].message, "this order, 5,000.01, is over your company's approval limit of 5,000.00: it waits for your approver");
        let approver = HomeStatus {
            company: restock_protocol::orders::approval::CompanyApproval { can_approve: true, ..buyer.company.clone() },
            ..buyer
        };
        assert!(order_warnings(&approver, dec!(99999), morning).is_empty(), "an approver's own order never waits");
    }
}
