//! The customer's account with the supplier. For now: the prepaid balance and credit limit an order
//! must fit in (余额不足 otherwise, by the protocol's `ledger` rule). Payments and statements come
//! later.

pub mod store;

use crate::db::Tx;
use crate::error::{HubError, HubResult};
use restock_protocol::ledger::{available, check_affordable};
use restock_protocol::money::Money;
use sqlx::AnyConnection;

/// Refuses an order whose total is more than the balance and credit left, counting the customer's
/// open (unpaid) orders. Call it inside the order's write: it holds the customer's row, so two
/// orders racing for the same money are decided one after the other. `except` is an order being
/// changed: its old total is not counted.
pub async fn ensure_affordable(tx: &mut Tx, customer_id: i64, order_total: Money, except: Option<&str>) -> HubResult<()> {
    let limits = store::lock_limits(tx, customer_id).await?;
    if limits.prepaid_balance_fen.is_none() && limits.credit_limit_fen.is_none() {
        return Ok(());
    }
    let open = store::open_orders(tx, customer_id, except).await?;
    let left = available(limits.prepaid_balance_fen.map(|f| f.money()), limits.credit_limit_fen.map(|f| f.money()), open);
    check_affordable(left, order_total).map_err(HubError::refusal)
}

/// What the home screen shows: balance, credit, open orders and what a new order may come to.
pub async fn balance_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<restock_protocol::ledger::Balance> {
    let limits = store::limits(conn, customer_id).await?;
    let open = store::open_orders(conn, customer_id, None).await?;
    let (prepaid, credit_limit) = (limits.prepaid_balance_fen.map(|f| f.money()), limits.credit_limit_fen.map(|f| f.money()));
    Ok(restock_protocol::ledger::Balance { prepaid, credit_limit, open_orders: open, available: available(prepaid, credit_limit, open) })
}
