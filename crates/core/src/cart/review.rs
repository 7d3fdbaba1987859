//! The pre-submit review: every difference between what the buyer saw when they set each line and
//! what the supplier's catalogue says now. Pure: the desk refreshes the catalogue, then asks this.

use restock_protocol::catalogue::{Product, ProductStatus};
use restock_protocol::money::{line_amount, order_total, Money};
use restock_protocol::supply::{allot, check_order_quantity, Cut, SupplyLimits};
use restock_protocol::LineProblem;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A cart line as the buyer last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenLine {
    pub product_code: String,
    pub quantity: u32,
    pub seen_price: Option<Money>,
    pub seen_status: Option<ProductStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    PriceUp,
    PriceDown,
    /// 下架 since the line was set.
    Delisted,
    /// No longer in the supplier's catalogue at all.
    Removed,
    /// The quantity breaks a rule now (e.g. a smaller maximum).
    QuantityRefused,
    /// Less is left of this cycle's allocation than the line asks for.
    AllocationReduced,
    /// Less stock is available than the line asks for.
    StockShort,
}

impl ChangeKind {
    /// A problem the hub would refuse the order for, rather than a change to accept.
    pub fn is_refusal(self) -> bool {
        matches!(self, ChangeKind::QuantityRefused | ChangeKind::AllocationReduced | ChangeKind::StockShort)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartChange {
    pub line: u32,
    pub product_code: String,
    /// Empty when the product is gone from the catalogue.
    pub product_name: String,
    pub quantity: u32,
    pub kind: ChangeKind,
    #[ts(type = "string | null")]
    pub old_price: Option<Money>,
    #[ts(type = "string | null")]
    pub new_price: Option<Money>,
    pub problem: Option<LineProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartReview {
    pub changes: Vec<CartChange>,
    /// The cart at the prices the buyer saw.
    #[ts(type = "string")]
    pub total_before: Money,
    /// The cart at today's prices and what can be ordered of each line now, without lines that can
    /// no longer be ordered.
    #[ts(type = "string")]
    pub total_after: Money,
    /// True when the hub could not be reached and the review used the last synced catalogue.
    pub offline: bool,
    /// Promotions that now apply to this cart and did not before the refresh (their names).
    #[serde(default)]
    pub promotions_started: Vec<String>,
    /// Promotions that applied before the refresh and no longer do.
    #[serde(default)]
    pub promotions_ended: Vec<String>,
}

/// Compares each line with the product as it is now (`current` looks a code up, `limits` gives what
/// the rules, the allocation and the stock allow for it).
pub fn review<'a>(
    lines: &[SeenLine], current: impl Fn(&str) -> Option<&'a Product>, limits: impl Fn(&Product) -> SupplyLimits, offline: bool,
) -> CartReview {
    let mut changes = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (index, seen) in lines.iter().enumerate() {
        let line = index as u32 + 1;
        let now = current(&seen.product_code);
        let change = |kind, product: Option<&Product>, problem| CartChange {
            line,
            product_code: seen.product_code.clone(),
            product_name: product.map(|p| p.name.clone()).unwrap_or_default(),
            quantity: seen.quantity,
            kind,
            old_price: seen.seen_price,
            new_price: product.map(|p| p.price),
            problem,
        };
        if let Some(old) = seen.seen_price.or(now.map(|p| p.price)) {
            before.push(line_amount(old, seen.quantity));
        }
        let Some(product) = now else {
            changes.push(change(ChangeKind::Removed, None, None));
            continue;
        };
        if product.status == ProductStatus::Delisted {
            if seen.seen_status != Some(ProductStatus::Delisted) {
                changes.push(change(ChangeKind::Delisted, Some(product), None));
            }
            continue;
        }
        match seen.seen_price {
            Some(old) if product.price > old => changes.push(change(ChangeKind::PriceUp, Some(product), None)),
            Some(old) if product.price < old => changes.push(change(ChangeKind::PriceDown, Some(product), None)),
            _ => {}
        }
        // What of the demand can be ordered now; a cut is listed with its reason and what fits.
        let limits = limits(product);
        let allotment = allot(seen.quantity, &limits);
        if allotment.order_quantity < seen.quantity {
            let kind = match allotment.cuts.first() {
                Some(Cut::Allocation { .. }) => ChangeKind::AllocationReduced,
                Some(Cut::Stock { .. }) => ChangeKind::StockShort,
                _ => ChangeKind::QuantityRefused,
            };
            let refusal = check_order_quantity(seen.quantity, &limits).err();
            let problem = refusal.map(|r| LineProblem {
                line,
                product_code: product.code.clone(),
                code: r.code,
                message: r.message,
                allowed: Some(allotment.order_quantity),
            });
            changes.push(change(kind, Some(product), problem));
        }
        after.push(line_amount(product.price, allotment.order_quantity));
    }
    CartReview {
        changes,
        total_before: order_total(before),
        total_after: order_total(after),
        offline,
        promotions_started: Vec::new(),
        promotions_ended: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restock_protocol::quantity::QuantityRules;
    use rust_decimal_macros::dec;

    fn product(code: &str, price: Money, status: ProductStatus, max: Option<u32>) -> Product {
        let on_sale = Product::on_sale(code, format!("P{code}"), "条", price);
        Product { rules: QuantityRules { max_per_order: max, ..on_sale.rules }, status, ..on_sale }
    }

    fn seen(code: &str, quantity: u32, price: Money) -> SeenLine {
        SeenLine { product_code: code.into(), quantity, seen_price: Some(price), seen_status: Some(ProductStatus::OnSale) }
    }

    #[test]
    fn lists_exactly_what_changed_with_old_and_new_values() {
        let catalogue = [
            product("A", dec!(10.00), ProductStatus::OnSale, None),
            product("B", dec!(12.50), ProductStatus::OnSale, None),
            product("C", dec!(9.00), ProductStatus::OnSale, None),
            product("D", dec!(5.00), ProductStatus::Delisted, None),
            product("F", dec!(3.00), ProductStatus::OnSale, Some(5)),
            product("G", dec!(4.00), ProductStatus::OnSale, None),
            product("H", dec!(2.00), ProductStatus::OnSale, None),
        ];
        let lines = [
            seen("A", 2, dec!(10.00)), // unchanged
            seen("B", 1, dec!(12.00)), // up
            seen("C", 3, dec!(9.50)),  // down
            seen("D", 1, dec!(5.00)),  // delisted
            seen("E", 4, dec!(1.00)),  // removed
            seen("F", 6, dec!(3.00)),  // allocation/maximum now smaller
        ];
        let limits = |p: &Product| SupplyLimits {
            rules: p.rules,
            allocation_left: (p.code == "G").then_some(10),
            available: (p.code == "H").then_some(2),
        };
        let lines: Vec<SeenLine> = lines.into_iter().chain([seen("G", 12, dec!(4.00)), seen("H", 3, dec!(2.00))]).collect();
        let r = review(&lines, |code| catalogue.iter().find(|p| p.code == code), limits, false);
        let kinds: Vec<_> = r.changes.iter().map(|c| (c.line, c.kind)).collect();
        assert_eq!(
            kinds,
            [
                (2, ChangeKind::PriceUp),
                (3, ChangeKind::PriceDown),
                (4, ChangeKind::Delisted),
                (5, ChangeKind::Removed),
                (6, ChangeKind::QuantityRefused),
                (7, ChangeKind::AllocationReduced),
                (8, ChangeKind::StockShort)
            ]
        );
        assert_eq!(r.changes[5].problem.as_ref().and_then(|p| p.allowed), Some(10), "the review says what would fit");
        assert_eq!((r.changes[0].old_price, r.changes[0].new_price), (Some(dec!(12.00)), Some(dec!(12.50))));
        // before: 20 + 12 + 28.50 + 5 + 4 + 18 + 48 + 6 = 141.50;
        // after, what can be ordered now: 20 + 12.50 + 27 + 5×3 + 10×4 + 2×2 = 118.50
        assert_eq!((r.total_before, r.total_after), (dec!(141.50), dec!(118.50)));
    }

    #[test]
    fn nothing_changed_means_no_changes() {
        let catalogue = [product("A", dec!(10.00), ProductStatus::OnSale, None)];
        let unlimited = |p: &Product| SupplyLimits { rules: p.rules, allocation_left: None, available: None };
        let r = review(&[seen("A", 2, dec!(10.00))], |code| catalogue.iter().find(|p| p.code == code), unlimited, false);
        assert!(r.changes.is_empty());
        assert_eq!(r.total_before, r.total_after);
    }
}
