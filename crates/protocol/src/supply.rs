//! Demand quantity (需求量) against order quantity (订单量): what the buyer asks for, capped by this
//! cycle's allocation, the available stock and the maximum per order, then rounded down to the pack
//! multiple. Every cut is reported with its reason; a quantity below the minimum is refused, never
//! silently raised.

use crate::error::ErrorCode;
use crate::quantity::QuantityRules;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What limits one product for one customer right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupplyLimits {
    pub rules: QuantityRules,
    /// What is left of this customer's allocation (货源分配) in this ordering cycle, if allocated.
    pub allocation_left: Option<u32>,
    /// Available to order (可订货量), if stock is tracked.
    pub available: Option<u32>,
}

/// Why the order quantity is less than the demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Cut {
    /// Capped by what is left of the allocation this cycle.
    Allocation { limit: u32 },
    /// Capped by the stock available to order.
    Stock { available: u32 },
    /// Capped by the maximum per order.
    MaximumPerOrder { max: u32 },
    /// Rounded down to a multiple of the pack.
    PackMultiple { pack_multiple: u32 },
    /// What was left is below the minimum per order, so nothing can be ordered.
    BelowMinimum { min: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Allotment {
    pub demand: u32,
    /// What the rules allow: 0 when nothing can be ordered.
    pub order_quantity: u32,
    /// In the order they were applied; empty when the whole demand is allowed.
    pub cuts: Vec<Cut>,
}

/// The order quantity for a demand, with each cut explained.
pub fn allot(demand: u32, limits: &SupplyLimits) -> Allotment {
    let mut cuts = Vec::new();
    let caps = [
        limits.allocation_left.map(|limit| (limit, Cut::Allocation { limit })),
        limits.available.map(|available| (available, Cut::Stock { available })),
        limits.rules.max_per_order.map(|max| (max, Cut::MaximumPerOrder { max })),
    ];
    // The tightest cap binds; on a tie the earlier reason (allocation, then stock) is the one named.
    let binding = caps.into_iter().flatten().filter(|(cap, _)| *cap < demand).min_by_key(|(cap, _)| *cap);
    let mut quantity = demand;
    if let Some((cap, cut)) = binding {
        quantity = cap;
        cuts.push(cut);
    }
    let pack = limits.rules.pack_multiple.max(1);
    if !quantity.is_multiple_of(pack) {
        quantity -= quantity % pack;
        cuts.push(Cut::PackMultiple { pack_multiple: pack });
    }
    let min = limits.rules.min_per_order.max(1);
    if quantity < min && demand > 0 {
        quantity = 0;
        cuts.push(Cut::BelowMinimum { min });
    }
    Allotment { demand, order_quantity: quantity, cuts }
}

/// An order quantity the hub will not take as it is, with the most it would take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRefusal {
    pub code: ErrorCode,
    pub message: String,
    /// What `allot` allows for this demand: 0 when nothing can be ordered.
    pub allowed: u32,
}

/// Checks an order quantity exactly as the hub does: the quantity rules first, then what is left of
/// the allocation, then the stock. Never adjusts the quantity; the refusal says what would be allowed.
pub fn check_order_quantity(quantity: u32, limits: &SupplyLimits) -> Result<(), LineRefusal> {
    let allowed = || allot(quantity, limits).order_quantity;
    if let Err(problem) = limits.rules.check(quantity) {
        return Err(LineRefusal { code: problem.code(), message: problem.to_string(), allowed: allowed() });
    }
    if let Some(left) = limits.allocation_left.filter(|left| quantity > *left) {
        let message = if left == 0 {
            "your allocation for this cycle is used up".to_owned()
        } else {
            format!("only {left} left of your allocation this cycle")
        };
        return Err(LineRefusal { code: ErrorCode::AllocationExceeded, message, allowed: allowed() });
    }
    if let Some(available) = limits.available.filter(|available| quantity > *available) {
        let message = if available == 0 { "out of stock".to_owned() } else { format!("only {available} available") };
        return Err(LineRefusal { code: ErrorCode::OutOfStock, message, allowed: allowed() });
    }
    Ok(())
}

/// One product's supply for this customer now: what the order grid shows beside the quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SupplyItem {
    pub product_code: String,
    /// This customer's allocation for the cycle, if the product is allocated.
    pub allocation: Option<u32>,
    /// What is left of it after the cycle's confirmed orders.
    pub allocation_left: Option<u32>,
    /// Available to order (可订货量), if stock is tracked for the product.
    pub available: Option<u32>,
}

/// Every product with an allocation for this customer or with tracked stock; others are unlimited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SupplyList {
    /// The cycle the allocations are for: the open one, or the next when ordering is closed.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub cycle_date: NaiveDate,
    pub items: Vec<SupplyItem>,
}

/// A delta pull of this customer's supply (`GET /api/v1/supply/changes`): what changed since the
/// cursor, and what no longer limits anything (an allocation removed, stock no longer tracked).
/// With `full`, `items` is everything and the app replaces what it has (the first pull, or a new
/// cycle, whose allocations are another cycle's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SupplyChanges {
    /// Pass it back as `since` on the next pull.
    pub cursor: String,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub cycle_date: NaiveDate,
    pub full: bool,
    pub items: Vec<SupplyItem>,
    /// Tombstones: product codes that are no longer limited for this customer.
    pub removed: Vec<String>,
}

/// 上次需求缺货: a product that was short in the customer's last cycle, offered again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShortItem {
    pub product_code: String,
    pub product_name: String,
    pub demand: u32,
    pub ordered: u32,
    /// Substitutes the supplier suggests (替代品牌), by product code, best first.
    pub substitutes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetStock {
    pub on_hand: u32,
    pub available: u32,
}

/// 货源分配 for one customer and product: for one cycle, or standing for every cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetAllocation {
    pub customer_code: String,
    pub product_code: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cycle_date: Option<NaiveDate>,
    pub quantity: u32,
}

/// Which allocation to remove: a customer's standing one (no `cycle_date`) or one cycle's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemoveAllocation {
    pub customer_code: String,
    pub product_code: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cycle_date: Option<NaiveDate>,
}

/// The back office's stock list (`GET /api/v1/admin/stock`): tracked products by code. Every
/// parameter is optional query-string text; the hub answers a value it can't read with
/// `bad_request` naming the parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct StockQuery {
    /// The start of a product code, or text in its name (case-insensitive on ASCII letters).
    #[serde(default)]
    #[ts(optional)]
    pub q: Option<String>,
    /// Only products whose available to order is below this number (the low-stock view).
    #[serde(default)]
    #[ts(optional)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>), schema(value_type = Option<u32>))]
    pub below: Option<String>,
    /// Products per page: 200 unless given, at most 1000.
    #[serde(default)]
    #[ts(optional)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>), schema(value_type = Option<u32>))]
    pub limit: Option<String>,
    /// The previous page's `next` (a product code), with the same filters.
    #[serde(default)]
    #[ts(optional)]
    pub after: Option<String>,
}

/// One tracked product's stock as the warehouse keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StockLevel {
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub on_hand: u32,
    /// Available to order (可订货量): never more than on hand; placed orders take from it.
    pub available: u32,
    /// When it was last set or taken from.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// One page of tracked stock; `next` is the `after` of the following page, none on the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StockPage {
    pub items: Vec<StockLevel>,
    pub next: Option<String>,
}

/// The back office's allocations (`GET /api/v1/admin/allocations`), as query-string text like
/// `StockQuery`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct AllocationQuery {
    /// One customer, by code.
    #[serde(default)]
    #[ts(optional)]
    pub customer: Option<String>,
    /// One product, by code.
    #[serde(default)]
    #[ts(optional)]
    pub product: Option<String>,
    /// The cycle (YYYY-MM-DD) whose use standing allocations are counted against; the supplier's
    /// today unless given.
    #[serde(default)]
    #[ts(optional)]
    pub cycle: Option<String>,
    /// Rows per page: 200 unless given, at most 1000.
    #[serde(default)]
    #[ts(optional)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>), schema(value_type = Option<u32>))]
    pub limit: Option<String>,
    /// The previous page's `next`, with the same filters.
    #[serde(default)]
    #[ts(optional)]
    pub after: Option<String>,
}

/// One allocation (货源分配) as the back office keeps it, with what placed orders used of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AllocationRecord {
    pub customer_code: String,
    pub customer_name: String,
    pub product_code: String,
    pub product_name: String,
    /// The cycle it is for; none: standing, for every cycle without its own.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-24"))]
    pub cycle_date: Option<NaiveDate>,
    pub quantity: u32,
    /// What placed orders took of it: in its own cycle for a dated one, in the asked cycle for a
    /// standing one (0 when overridden).
    pub used: u32,
    pub left: u32,
    /// A standing allocation a dated one replaces in the asked cycle: not in force then.
    pub overridden: bool,
}

/// One page of allocations, by customer code, product code and cycle (standing first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AllocationPage {
    /// The cycle standing allocations' use was counted in.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub cycle_date: NaiveDate,
    pub items: Vec<AllocationRecord>,
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn limits(pack: u32, min: u32, max: Option<u32>, allocation: Option<u32>, stock: Option<u32>) -> SupplyLimits {
        SupplyLimits {
            rules: QuantityRules { pack_multiple: pack, min_per_order: min, max_per_order: max },
            allocation_left: allocation,
            available: stock,
        }
    }

    #[test]
    fn the_worked_examples() {
        // Pack multiple 5, allocation 30, stock 100, max 50: demand 37 → 30, cut by allocation.
        let a = allot(37, &limits(5, 1, Some(50), Some(30), Some(100)));
        assert_eq!((a.order_quantity, a.cuts), (30, vec![Cut::Allocation { limit: 30 }]));
        // Allocation 50: 37 → 35, rounded down to the pack multiple 5.
        let a = allot(37, &limits(5, 1, Some(50), Some(50), Some(100)));
        assert_eq!((a.order_quantity, a.cuts), (35, vec![Cut::PackMultiple { pack_multiple: 5 }]));
        // Allocation 50, stock 12: 37 → 10, cut by stock then rounded down.
        let a = allot(37, &limits(5, 1, Some(50), Some(50), Some(12)));
        assert_eq!((a.order_quantity, a.cuts), (10, vec![Cut::Stock { available: 12 }, Cut::PackMultiple { pack_multiple: 5 }]));
        // Demand 3 with minimum 5: refused on that line, 0 with the reason, never silently 5.
        let a = allot(3, &limits(5, 5, Some(50), Some(50), Some(100)));
        assert_eq!((a.order_quantity, a.cuts), (0, vec![Cut::PackMultiple { pack_multiple: 5 }, Cut::BelowMinimum { min: 5 }]));
    }

    #[test]
    fn the_whole_demand_when_nothing_limits_it() {
        let a = allot(20, &limits(5, 5, None, None, None));
        assert_eq!((a.order_quantity, a.cuts.len()), (20, 0));
        assert_eq!(allot(0, &limits(1, 1, None, None, None)).order_quantity, 0);
    }

    #[test]
    fn a_refusal_names_the_rule_and_what_is_allowed() {
        let l = limits(5, 1, Some(50), Some(30), Some(12));
        assert_eq!(check_order_quantity(10, &l), Ok(()));
        let r = check_order_quantity(35, &l).unwrap_err();
        assert_eq!((r.code, r.allowed), (ErrorCode::AllocationExceeded, 10));
        assert_eq!(r.message, "only 30 left of your allocation this cycle");
        let r = check_order_quantity(15, &l).unwrap_err();
        assert_eq!((r.code, r.message.as_str(), r.allowed), (ErrorCode::OutOfStock, "only 12 available", 10));
        let r = check_order_quantity(7, &l).unwrap_err();
        assert_eq!((r.code, r.allowed), (ErrorCode::QuantityNotMultiple, 5));
        let r = check_order_quantity(5, &limits(5, 1, None, Some(0), None)).unwrap_err();
        assert_eq!((r.message.as_str(), r.allowed), ("your allocation for this cycle is used up", 0));
    }

    proptest! {
        #[test]
        fn a_quantity_is_accepted_exactly_when_allot_would_not_cut_it(
            quantity in 0u32..500, pack in 1u32..13, min in 0u32..40, max in proptest::option::of(0u32..400),
            allocation in proptest::option::of(0u32..400), stock in proptest::option::of(0u32..400),
        ) {
            let l = limits(pack, min, max, allocation, stock);
            let allotted = allot(quantity, &l);
            match check_order_quantity(quantity, &l) {
                Ok(()) => prop_assert!(quantity > 0 && allotted.order_quantity == quantity),
                Err(refusal) => {
                    prop_assert!(quantity == 0 || allotted.order_quantity < quantity);
                    prop_assert_eq!(refusal.allowed, allotted.order_quantity);
                    // What is allowed is itself accepted.
                    if refusal.allowed > 0 { prop_assert!(check_order_quantity(refusal.allowed, &l).is_ok()); }
                }
            }
        }

        #[test]
        fn the_order_quantity_obeys_every_limit(
            demand in 0u32..500, pack in 1u32..13, min in 0u32..40, max in proptest::option::of(0u32..400),
            allocation in proptest::option::of(0u32..400), stock in proptest::option::of(0u32..400),
        ) {
            let l = limits(pack, min, max, allocation, stock);
            let a = allot(demand, &l);
            let q = a.order_quantity;
            prop_assert!(q <= demand);
            prop_assert_eq!(q % pack, 0);
            prop_assert!(allocation.is_none_or(|x| q <= x));
            prop_assert!(stock.is_none_or(|x| q <= x));
            prop_assert!(max.is_none_or(|x| q <= x));
            prop_assert!(q == 0 || q >= min.max(1));
            // Whatever is allowed passes the order-line rules the hub checks.
            if q > 0 { prop_assert!(l.rules.check(q).is_ok()); }
            // Nothing is cut without a reason, and a reason always means a cut.
            prop_assert_eq!(q < demand, !a.cuts.is_empty());
            // It is the largest allowed quantity: one more pack would break a limit.
            let next = q + pack;
            let next_allowed = next <= demand
                && allocation.is_none_or(|x| next <= x) && stock.is_none_or(|x| next <= x) && max.is_none_or(|x| next <= x);
            prop_assert!(!next_allowed || next < min.max(1));
        }
    }
}
