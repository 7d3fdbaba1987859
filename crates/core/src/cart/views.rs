//! What the desk hands to a UI of carts. TypeScript types are generated from these (ts-rs).

use restock_protocol::catalogue::Product;
use restock_protocol::money::Money;
use restock_protocol::LineProblem;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartLineView {
    // Shared with the parsed-product cache: a keystroke's view of 500 lines copies no product.
    pub product: std::sync::Arc<Product>,
    /// What the buyer typed: the demand (需求量).
    pub quantity: u32,
    /// What the rules allow of it (订单量): capped by allocation, stock and the maximum, rounded
    /// down to the pack multiple, by the function the hub uses. This is what gets ordered.
    pub order_quantity: u32,
    /// Why `order_quantity` is less than `quantity`, in the order the rules applied.
    pub cuts: Vec<restock_protocol::supply::Cut>,
    /// Of the order quantity.
    #[ts(type = "string")]
    pub line_amount: Money,
    /// When nothing of the demand can be ordered: the rule it breaks, checked as the hub checks it.
    pub problem: Option<LineProblem>,
    /// What is left of this cycle's allocation (货源分配), if the product is allocated.
    pub allocation_left: Option<u32>,
    /// Available to order (可订货量), if the supplier tracks its stock.
    pub available: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartView {
    /// The saved cart's id (local to this desk).
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub lines: Vec<CartLineView>,
    /// What the supplier's promotions do to this cart, as the hub will apply them.
    pub adjustments: Vec<restock_protocol::promotions::Adjustment>,
    /// The lines plus the adjustments: what the order will come to.
    #[ts(type = "string")]
    pub total: Money,
    pub line_count: u32,
    /// What the hub would refuse the whole order for, as of the last home screen seen: the cycle
    /// is closed (`cutoff_passed`, `not_ordering_day`), or the total is more than the balance and
    /// credit left (`insufficient_balance`). The hub decides; this is shown as the buyer types.
    #[serde(default)]
    pub warnings: Vec<restock_protocol::ApiError>,
    /// The order this cart changes (修改订单), when it was reopened from my orders: submitting it
    /// changes that order instead of placing a new one.
    #[serde(default)]
    pub changes_order: Option<ChangedOrder>,
}

/// The order a cart reopened in the grid changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangedOrder {
    #[ts(type = "string")]
    pub order_id: uuid::Uuid,
    pub order_number: String,
}

/// What one quantity change did to the active cart: the changed line and the cart's totals, not
/// the whole cart, so a keystroke in a cart of hundreds of lines carries a line back, not the cart.
/// When a line was removed the lines after it moved up, and `lines` has them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartUpdate {
    /// The saved cart's id (local to this desk).
    #[ts(type = "number")]
    pub id: i64,
    pub product_code: String,
    /// The changed line as it is now, in its place; None when it was removed.
    pub line: Option<CartLineView>,
    /// Every line, only when one was removed.
    pub lines: Option<Vec<CartLineView>>,
    pub adjustments: Vec<restock_protocol::promotions::Adjustment>,
    #[ts(type = "string")]
    pub total: Money,
    pub line_count: u32,
    pub warnings: Vec<restock_protocol::ApiError>,
}

impl CartUpdate {
    /// The update `view` makes for `product_code`, the line just changed.
    pub fn of(view: CartView, product_code: &str) -> CartUpdate {
        let line = view.lines.iter().find(|l| l.product.code == product_code).cloned();
        let lines = line.is_none().then_some(view.lines);
        CartUpdate {
            id: view.id,
            product_code: product_code.to_owned(),
            line,
            lines,
            adjustments: view.adjustments,
            total: view.total,
            line_count: view.line_count,
            warnings: view.warnings,
        }
    }
}

/// One saved cart in the list of carts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedCart {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub is_active: bool,
    pub line_count: u32,
    #[ts(type = "string")]
    pub total: Money,
    /// RFC 3339.
    pub updated_at: String,
}

/// A cart started from a past order or a list, with what could not be put in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartedCart {
    pub cart: CartView,
    pub skipped: Vec<crate::cart::start::SkippedRow>,
}
