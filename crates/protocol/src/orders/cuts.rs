//! The supplier's cut (削减) of an order: lower quantities, each with the reason the customer reads
//! on the order. Only downwards, never a new product, never every line (that is cancelling); the
//! lines keep the prices they were ordered at, and the promotions that applied are applied again to
//! what is left, never more than they gave before.

use super::OrderLine;
use crate::money::{line_amount, Money};
use crate::promotions::{apply, total_with, Adjustment, PricedLine, Promotion};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use thiserror::Error;
use ts_rs::TS;

/// One line's new quantity: lower than it is, 0 to take the line off the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LineCut {
    pub product_code: String,
    pub quantity: u32,
}

/// `POST /api/v1/admin/orders/{id}/cut`: the lines to lower and why (缺货, 限量…), shown to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CutOrder {
    pub lines: Vec<LineCut>,
    pub reason: String,
}

/// Why a cut cannot be made; each names what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CutRefusal {
    #[error("a cut needs a reason the customer can read")]
    NoReason,
    #[error("name at least one line to cut")]
    NothingToCut,
    #[error("{0} is not on this order")]
    NotOnOrder(String),
    #[error("{0} is named twice; give each line one new quantity")]
    Twice(String),
    #[error("{code}: a cut can only lower the quantity ({ordered} ordered, {asked} asked)")]
    NotLower { code: String, ordered: u32, asked: u32 },
    #[error("this would leave the order empty; cancel the order instead")]
    Empty,
}

/// What a cut leaves: the lines kept (cut to 0: gone), and the quantities it frees per product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutLines {
    pub lines: Vec<OrderLine>,
    pub freed: Vec<OrderLine>,
    /// "100004 阿萨姆奶茶 3→1", one per line cut, for the order's history.
    pub described: Vec<String>,
}

/// The order's lines after `cuts`, checked.
pub fn cut_lines(lines: &[OrderLine], cuts: &[LineCut], reason: &str) -> Result<CutLines, CutRefusal> {
    if reason.trim().is_empty() {
        return Err(CutRefusal::NoReason);
    }
    if cuts.is_empty() {
        return Err(CutRefusal::NothingToCut);
    }
    let mut asked: HashMap<&str, u32> = HashMap::new();
    for cut in cuts {
        if !lines.iter().any(|l| l.product_code == cut.product_code) {
            return Err(CutRefusal::NotOnOrder(cut.product_code.clone()));
        }
        if asked.insert(cut.product_code.as_str(), cut.quantity).is_some() {
            return Err(CutRefusal::Twice(cut.product_code.clone()));
        }
    }
    let (mut kept, mut freed, mut described) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines {
        let Some(&to) = asked.get(line.product_code.as_str()) else {
            kept.push(line.clone());
            continue;
        };
        if to >= line.quantity {
            return Err(CutRefusal::NotLower { code: line.product_code.clone(), ordered: line.quantity, asked: to });
        }
        described.push(format!("{} {} {}→{}", line.product_code, line.product_name, line.quantity, to));
        freed.push(OrderLine {
            quantity: line.quantity - to,
            line_amount: line_amount(line.unit_price, line.quantity - to),
            ..line.clone()
        });
        if to > 0 {
            // The buyer's demand stays what they asked: the line shows as short, like any other cut.
            kept.push(OrderLine { quantity: to, line_amount: line_amount(line.unit_price, to), ..line.clone() });
        }
    }
    if kept.is_empty() {
        return Err(CutRefusal::Empty);
    }
    Ok(CutLines { lines: kept, freed, described })
}

/// The promotions' adjustments for what a cut left, given the ones the order had. Only promotions
/// that applied before apply again (as on the order's cycle day, whatever today's dates say), and
/// none gives more than it did: a gift cut for lack of stock stays cut. A promotion gone since
/// keeps what it gave, if its lines are still there.
pub fn cut_adjustments(
    kept: &[PricedLine], before: &[Adjustment], promotions: &[Promotion], tier: &str, cycle_day: NaiveDate,
) -> Vec<Adjustment> {
    let applied: HashSet<i64> = before.iter().map(|a| a.promotion_id).collect();
    let known: Vec<Promotion> = promotions
        .iter()
        .filter(|p| applied.contains(&p.id))
        .map(|p| Promotion { valid_from: cycle_day, valid_to: cycle_day, ..p.clone() })
        .collect();
    let mut after = apply(kept, &known, tier, cycle_day);
    for adjustment in after.iter_mut() {
        let earlier = before.iter().find(|b| b.promotion_id == adjustment.promotion_id && b.product_code == adjustment.product_code);
        if let Some(earlier) = earlier {
            if adjustment.free_quantity > earlier.free_quantity {
                *adjustment = earlier.clone();
            }
            if adjustment.amount < earlier.amount {
                adjustment.amount = earlier.amount; // never more money off than before
            }
        }
    }
    let known_ids: HashSet<i64> = known.iter().map(|p| p.id).collect();
    let on_order: HashSet<&str> = kept.iter().map(|l| l.product_code.as_str()).collect();
    for gone in before.iter().filter(|b| !known_ids.contains(&b.promotion_id)) {
        if gone.product_code.as_deref().is_none_or(|code| on_order.contains(code)) {
            after.push(gone.clone());
        }
    }
    after.sort_by_key(|a| a.promotion_id);
    after
}

/// The total of what a cut left.
pub fn cut_total(lines: &[OrderLine], adjustments: &[Adjustment]) -> Money {
    total_with(lines.iter().map(|l| l.line_amount), adjustments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promotions::{Covers, PromotionKind};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn line(code: &str, quantity: u32, price: i64) -> OrderLine {
        let unit_price = Decimal::new(price, 2);
        OrderLine {
            product_code: code.into(),
            product_name: format!("品{code}"),
            unit: "箱".into(),
            quantity,
            demand: quantity,
            unit_price,
            line_amount: line_amount(unit_price, quantity),
        }
    }

    fn cut(code: &str, quantity: u32) -> LineCut {
        LineCut { product_code: code.into(), quantity }
    }

    #[test]
    fn a_cut_lowers_lines_keeps_prices_and_drops_lines_cut_to_zero() {
        let lines = [line("A", 10, 1250), line("B", 3, 9900), line("C", 1, 100)];
        let done = cut_lines(&lines, &[cut("A", 4), cut("C", 0)], "缺货").unwrap();
        assert_eq!(done.lines.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect::<Vec<_>>(), [("A", 4), ("B", 3)]);
        assert_eq!(done.lines[0].line_amount, Decimal::new(5000, 2));
        assert_eq!(done.lines[0].demand, 10, "the buyer's demand stays, so the line shows as short");
        assert_eq!(done.freed.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect::<Vec<_>>(), [("A", 6), ("C", 1)]);
        assert_eq!(done.described, ["A 品A 10→4", "C 品C 1→0"]);
    }

    #[test]
    fn every_bad_cut_is_refused_with_what_to_fix() {
        let lines = [line("A", 10, 100), line("B", 2, 100)];
        assert_eq!(cut_lines(&lines, &[cut("A", 1)], "  "), Err(CutRefusal::NoReason));
        assert_eq!(cut_lines(&lines, &[], "缺货"), Err(CutRefusal::NothingToCut));
        assert_eq!(cut_lines(&lines, &[cut("Z", 1)], "缺货"), Err(CutRefusal::NotOnOrder("Z".into())));
        assert_eq!(cut_lines(&lines, &[cut("A", 1), cut("A", 2)], "缺货"), Err(CutRefusal::Twice("A".into())));
        assert_eq!(cut_lines(&lines, &[cut("B", 2)], "缺货"), Err(CutRefusal::NotLower { code: "B".into(), ordered: 2, asked: 2 }));
        assert_eq!(cut_lines(&lines, &[cut("A", 0), cut("B", 0)], "缺货"), Err(CutRefusal::Empty));
    }

    fn priced(lines: &[OrderLine]) -> Vec<PricedLine> {
        lines
            .iter()
            .map(|l| PricedLine {
                product_code: l.product_code.clone(),
                brand: "农夫山泉".into(),
                category: "饮料".into(),
                quantity: l.quantity,
                line_amount: l.line_amount,
            })
            .collect()
    }

    fn promotion(id: i64, kind: PromotionKind) -> Promotion {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        Promotion { id, name: format!("促销{id}"), kind, covers: Covers::Everything, tiers: vec![], valid_from: day, valid_to: day }
    }

    #[test]
    fn promotions_apply_again_to_what_is_left_and_never_give_more() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(); // after the promotions ended
        let spend = promotion(1, PromotionKind::SpendSave { threshold: Decimal::new(100000, 2), off: Decimal::new(5000, 2) });
        let gift = promotion(2, PromotionKind::BuyGet { buy: 10, get: 1 });
        let before_lines = [line("A", 20, 10000)];
        let before = apply(
            &priced(&before_lines),
            &[Promotion { valid_to: day, ..spend.clone() }, Promotion { valid_to: day, ..gift.clone() }],
            "",
            day,
        );
        assert_eq!(before.len(), 2);
        let kept = [line("A", 12, 10000)];
        let after = cut_adjustments(&priced(&kept), &before, &[spend.clone(), gift.clone()], "", day);
        assert_eq!(
            after.iter().map(|a| (a.promotion_id, a.free_quantity, a.amount)).collect::<Vec<_>>(),
            [(1, 0, Decimal::new(-5000, 2)), (2, 1, Decimal::new(0, 2))]
        );
        let below = [line("A", 5, 10000)];
        let after = cut_adjustments(&priced(&below), &before, &[spend, gift], "", day);
        assert!(after.is_empty(), "under the threshold and under 10: neither applies, {after:?}");
    }

    proptest! {
        /// Any accepted cut lowers the total, frees exactly what it took off, and its lines add up.
        #[test]
        fn a_cut_never_raises_the_total_and_frees_what_it_took(
            quantities in proptest::collection::vec((1u32..50, 1i64..100_000), 1..8),
            cuts in proptest::collection::vec((0usize..8, 0u32..50), 1..8),
        ) {
            let lines: Vec<OrderLine> = quantities.iter().enumerate().map(|(i, (q, p))| line(&format!("P{i}"), *q, *p)).collect();
            let mut seen = HashSet::new();
            let cuts: Vec<LineCut> = cuts.into_iter().filter(|(i, _)| *i < lines.len() && seen.insert(*i)).map(|(i, q)| cut(&format!("P{i}"), q)).collect();
            if let Ok(done) = cut_lines(&lines, &cuts, "缺货") {
                let before = cut_total(&lines, &[]);
                let after = cut_total(&done.lines, &[]);
                let freed = cut_total(&done.freed, &[]);
                prop_assert!(after < before);
                prop_assert_eq!(after + freed, before);
                for l in &done.lines {
                    prop_assert!(l.quantity > 0);
                    prop_assert_eq!(l.line_amount, line_amount(l.unit_price, l.quantity));
                }
                let kept: u32 = done.lines.iter().map(|l| l.quantity).sum();
                let taken: u32 = done.freed.iter().map(|l| l.quantity).sum();
                prop_assert_eq!(kept + taken, lines.iter().map(|l| l.quantity).sum::<u32>());
            }
        }
    }
}
