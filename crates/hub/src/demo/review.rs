//! Review work waiting in the back office: this cycle's orders of a few customers, placed as a
//! customer places them (`orders::place_in`: priced, taking stock, allocations and money) and one
//! approved by its branch as a reviewer approves it, so that a reviewer logging in to the demo has
//! orders to decide at each level. Customers 13 to 19 only, which the tests' smaller demos (12
//! customers at most) and the app's tests of customers 1 and 5 leave alone.

use crate::accounts::{CustomerUser, StaffUser};
use crate::db::Tx;
use crate::error::{HubError, HubResult};
use crate::AppState;
use restock_protocol::accounts::{Account, UserRole};
use restock_protocol::catalogue::{ProductRecord, ProductStatus};
use restock_protocol::orders::{CreateOrder, Order, OrderLineInput};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The fewest customers the review work needs: it orders for 13 to 19.
pub const CUSTOMERS_NEEDED: usize = 19;

/// Small orders (under the review limit): one review, by headquarters or the branch.
const SMALL: [usize; 3] = [14, 16, 15];
/// A large order of a 西湖分公司 customer: 西湖 reviews it first.
const LARGE_FOR_BRANCH: usize = 13;
/// A large order of a 西湖分公司 customer its branch approved: headquarters' turn.
const LARGE_BRANCH_APPROVED: usize = 19;
/// The branch reviewer who approved it (see `people::STAFF`).
const BRANCH_REVIEWER: &str = "xihu-reviewer";
/// The standing allocation the large orders' customers have of the cigarettes they order.
const ALLOCATION: u32 = 50;

fn code_of(n: usize) -> String {
    format!("3301{n:08}")
}

/// The customer's buyer, as a session would find it.
async fn buyer(tx: &mut Tx, n: usize) -> HubResult<CustomerUser> {
    let code = code_of(n);
    let (user_id, customer_id) = crate::accounts::store::user_by_name(tx, &code).await?.ok_or_else(|| missing(&code))?;
    let customer_id = customer_id.ok_or_else(|| missing(&code))?;
    let summary = crate::customers::store::summary(tx, customer_id).await?;
    let account = Account { username: code, customer_code: summary.code, customer_name: summary.name, tier: summary.tier };
    Ok(CustomerUser { user_id, customer_id, account, role: UserRole::Buyer, approval_over: None, approved: true })
}

fn missing(what: &str) -> HubError {
    HubError::Internal(format!("the demo's review work needs {what}"))
}

pub(super) async fn seed(tx: &mut Tx, state: &AppState, catalogue: &[ProductRecord], customers: usize, now: i64) -> HubResult<()> {
    if customers < CUSTOMERS_NEEDED {
        return Ok(());
    }
    // What the warehouse has: cigarettes and drinks with stock to spare, and an untracked product
    // dear enough for a large order in a few cases.
    let stock: HashMap<String, u32> =
        crate::supply::store::available(tx, None).await?.into_iter().map(|(code, available)| (code, available.0)).collect();
    let on_sale = catalogue.iter().filter(|p| p.status == ProductStatus::OnSale);
    let stock = &stock;
    let stocked = |category: &'static str| {
        on_sale.clone().filter(move |p| p.category == category && stock.get(&p.code).is_some_and(|a| *a >= 2 * ALLOCATION))
    };
    // Past those the cycle customers have allocations of (the first 60), which the app's
    // end-to-end tests order.
    let cigarettes: Vec<&ProductRecord> = stocked("卷烟").skip(40).collect();
    let drinks: Vec<&ProductRecord> = stocked("饮料").filter(|p| p.pack_multiple == 1).collect();
    let dear = on_sale.clone().filter(|p| p.max_per_order.is_none() && !stock.contains_key(&p.code)).max_by_key(|p| p.base_price);
    let (Some(dear), true, true) = (dear, cigarettes.len() >= 5, drinks.len() >= 3) else {
        return Ok(());
    };
    let limit = crate::review::store::hq_review_over(tx).await?.ok_or_else(|| missing("a review rule"))?;
    // More than the limit at the lowest tier rate (90%), to the next whole pack.
    let pack = Decimal::from(dear.pack_multiple);
    let packs = (limit.money() / (dear.base_price * Decimal::new(90, 2) * pack)).floor() + Decimal::ONE;
    let dear_quantity = u32::try_from((packs * pack).mantissa()).map_err(|_| missing("a dearer product"))?;

    let small: [Vec<(&ProductRecord, u32)>; 3] =
        [vec![(cigarettes[0], 5), (drinks[0], 10)], vec![(cigarettes[1], 8), (drinks[1], 6)], vec![(cigarettes[2], 10), (drinks[2], 12)]];
    let large = [(LARGE_FOR_BRANCH, cigarettes[3], 30), (LARGE_BRANCH_APPROVED, cigarettes[4], 20)];
    // Placed a few minutes apart over the last half hour, oldest first.
    let mut at = now - 30 * 60_000;
    for (n, lines) in SMALL.into_iter().zip(small) {
        place(tx, state, n, &lines, at).await?;
        at += 5 * 60_000;
    }
    let mut large_orders = Vec::new();
    for (n, cigarette, quantity) in large {
        let customer_id = buyer(tx, n).await?.customer_id;
        crate::supply::store::set_allocation(tx, customer_id, &cigarette.code, None, ALLOCATION, now).await?;
        let order = place(tx, state, n, &[(cigarette, quantity), (dear, dear_quantity)], at).await?;
        if restock_protocol::money::to_fen(order.total) <= limit.0 {
            return Err(missing("a large order over the review limit"));
        }
        large_orders.push(order);
        at += 5 * 60_000;
    }

    // 西湖's reviewer approves the second large order: it waits for headquarters now.
    let approved = large_orders.pop().ok_or_else(|| missing("a large order"))?;
    let (user_id, _) = crate::accounts::store::user_by_name(tx, BRANCH_REVIEWER).await?.ok_or_else(|| missing(BRANCH_REVIEWER))?;
    let branch_id = crate::accounts::store::branch_of(tx, user_id).await?;
    let staff = StaffUser { user_id, username: BRANCH_REVIEWER.into(), role: UserRole::Reviewer, branch_id };
    crate::review::decide_in(tx, state, &staff, &approved.order_id.to_string(), true, None).await?;
    let still = crate::orders::store::reviewed(tx, &approved.order_id.to_string()).await?;
    if still.is_none_or(|o| o.branch_approved_by != Some(user_id)) {
        return Err(missing("a large order its branch approved"));
    }
    Ok(())
}

async fn place(tx: &mut Tx, state: &AppState, n: usize, lines: &[(&ProductRecord, u32)], at: i64) -> HubResult<Order> {
    let customer = buyer(tx, n).await?;
    let request = CreateOrder {
        order_id: uuid::Uuid::now_v7(),
        lines: lines
            .iter()
            .map(|(p, quantity)| OrderLineInput { product_code: p.code.clone(), quantity: *quantity, demand: None })
            .collect(),
        expected_total: None,
    };
    crate::orders::place_in(tx, state, &customer, &request, at).await
}
