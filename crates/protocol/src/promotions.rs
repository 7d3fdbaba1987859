//! Promotions (促销): percentage off, 满减 (spend X, save Y) and 买N送M (buy N, get M free), for
//! some customer tiers and a period. They apply after the customer's own prices, and each one that
//! applies becomes its own adjustment on the order, so statements add up line by line. The hub
//! applies them to every order; the app applies the same function to the cart, so the total the
//! buyer sees is the total the hub charges.

use crate::money::{round_money, Money};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PromotionKind {
    /// `percent` off what the covered lines come to (e.g. 5 for 5%).
    PercentOff {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5"))]
        percent: Decimal,
    },
    /// 满减: once the covered lines come to `threshold`, `off` is taken off (once per order).
    SpendSave {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1000.00"))]
        threshold: Money,
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "50.00"))]
        off: Money,
    },
    /// 买N送M: for every `buy` units of one covered product, `get` more free, as a zero-priced line.
    BuyGet { buy: u32, get: u32 },
}

/// Which products a promotion covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "scope", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Covers {
    Everything,
    Brand(String),
    Category(String),
    Product(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Promotion {
    #[ts(type = "number")]
    pub id: i64,
    /// As customers see it, e.g. "农夫山泉 满1000减50".
    pub name: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub kind: PromotionKind,
    pub covers: Covers,
    /// The tiers it is for; empty: every customer.
    pub tiers: Vec<String>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-01"))]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30"))]
    pub valid_to: NaiveDate,
}

/// The back office's promotion list (`GET /api/v1/admin/promotions`): all of them, newest first,
/// or with `current=true` only those valid today (the supplier's calendar), for any tier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PromotionQuery {
    #[serde(default)]
    #[ts(optional)]
    pub current: Option<bool>,
}

impl Promotion {
    pub fn applies_to(&self, tier: &str, day: NaiveDate) -> bool {
        (self.tiers.is_empty() || self.tiers.iter().any(|t| t == tier)) && self.valid_from <= day && day <= self.valid_to
    }

    fn covers(&self, line: &PricedLine) -> bool {
        match &self.covers {
            Covers::Everything => true,
            Covers::Brand(b) => &line.brand == b,
            Covers::Category(c) => line.category == *c || line.category.starts_with(&format!("{c}/")),
            Covers::Product(p) => &line.product_code == p,
        }
    }
}

/// One priced order line, as promotions see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub product_code: String,
    pub brand: String,
    pub category: String,
    pub quantity: u32,
    pub line_amount: Money,
}

/// What one promotion did to an order: money off (negative `amount`), or free units of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Adjustment {
    pub promotion_id: i64,
    pub description: String,
    /// For free goods: the product and how many units.
    pub product_code: Option<String>,
    pub free_quantity: u32,
    /// Zero for free goods; negative for money off.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "-50.00"))]
    pub amount: Money,
}

/// The adjustments `promotions` make to `lines` for a customer of `tier` on `day`, in promotion-id
/// order. Money off never exceeds what the covered lines come to.
pub fn apply(lines: &[PricedLine], promotions: &[Promotion], tier: &str, day: NaiveDate) -> Vec<Adjustment> {
    let mut valid: Vec<&Promotion> = promotions.iter().filter(|p| p.applies_to(tier, day)).collect();
    valid.sort_by_key(|p| p.id);
    let mut out = Vec::new();
    for promotion in valid {
        let covered: Vec<&PricedLine> = lines.iter().filter(|l| promotion.covers(l)).collect();
        if covered.is_empty() {
            continue;
        }
        let spent: Money = covered.iter().map(|l| l.line_amount).sum();
        let money_off = |off: Money| Adjustment {
            promotion_id: promotion.id,
            description: promotion.name.clone(),
            product_code: None,
            free_quantity: 0,
            amount: -off.min(spent),
        };
        match &promotion.kind {
            PromotionKind::PercentOff { percent } => {
                let off = round_money(spent * *percent / Decimal::ONE_HUNDRED);
                if off > Decimal::ZERO {
                    out.push(money_off(off));
                }
            }
            PromotionKind::SpendSave { threshold, off } => {
                if spent >= *threshold && *off > Decimal::ZERO {
                    out.push(money_off(*off));
                }
            }
            PromotionKind::BuyGet { buy, get } => {
                if *buy == 0 || *get == 0 {
                    continue;
                }
                for line in covered {
                    let free = line.quantity / buy * get;
                    if free > 0 {
                        out.push(Adjustment {
                            promotion_id: promotion.id,
                            description: promotion.name.clone(),
                            product_code: Some(line.product_code.clone()),
                            free_quantity: free,
                            amount: Decimal::new(0, 2), // "0.00": a zero-priced line, shown as money
                        });
                    }
                }
            }
        }
    }
    out
}

/// Free goods as the stock allows: `left` is what remains of the product once its own line is
/// taken. Where it falls short the gift is cut, and its line says so, rather than the order being
/// refused for a gift. The hub applies this when it takes stock; the cart, from the stock it synced.
pub fn give_free_goods(free: &mut Adjustment, left: u32) {
    if free.free_quantity > left {
        free.description = format!("{}（库存不足，赠 {left}，原应赠 {}）", free.description, free.free_quantity);
        free.free_quantity = left;
    }
}

/// The order total: the lines, then every adjustment.
pub fn total_with(line_amounts: impl IntoIterator<Item = Money>, adjustments: &[Adjustment]) -> Money {
    round_money(line_amounts.into_iter().sum::<Money>() + adjustments.iter().map(|a| a.amount).sum::<Money>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn free_goods_are_cut_to_the_stock_left_and_say_so() {
        let gift = Adjustment {
            promotion_id: 1,
            description: "买10送1".into(),
            product_code: Some("A".into()),
            free_quantity: 2,
            amount: Decimal::new(0, 2),
        };
        let mut enough = gift.clone();
        give_free_goods(&mut enough, 2);
        assert_eq!(enough, gift, "enough stock: nothing changes");
        let mut short = gift.clone();
        give_free_goods(&mut short, 1);
        assert_eq!((short.free_quantity, short.description.as_str()), (1, "买10送1（库存不足，赠 1，原应赠 2）"));
        let mut none = gift;
        give_free_goods(&mut none, 0);
        assert_eq!(none.free_quantity, 0);
    }
    use rust_decimal_macros::dec;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn line(code: &str, brand: &str, quantity: u32, amount: Money) -> PricedLine {
        PricedLine { product_code: code.into(), brand: brand.into(), category: "饮料/水".into(), quantity, line_amount: amount }
    }

    fn promotion(id: i64, kind: PromotionKind, covers: Covers, tiers: &[&str]) -> Promotion {
        Promotion {
            id,
            name: format!("P{id}"),
            kind,
            covers,
            tiers: tiers.iter().map(|t| t.to_string()).collect(),
            valid_from: day("2026-11-01"),
            valid_to: day("2026-11-30"),
        }
    }

    #[test]
    fn the_worked_examples() {
        // 满 1,000 减 50 on brand X for tier A in November: 1,040.00 of brand X gets −50.00 as its own line.
        let spend =
            promotion(1, PromotionKind::SpendSave { threshold: dec!(1000.00), off: dec!(50.00) }, Covers::Brand("X".into()), &["A"]);
        let lines = [line("1", "X", 8, dec!(1040.00)), line("2", "Y", 1, dec!(99.00))];
        let got = apply(&lines, std::slice::from_ref(&spend), "A", day("2026-11-15"));
        assert_eq!(got.iter().map(|a| a.amount).collect::<Vec<_>>(), [dec!(-50.00)]);
        assert_eq!(total_with(lines.iter().map(|l| l.line_amount), &got).to_string(), "1089.00");
        assert_eq!(total_with([], &[]).to_string(), "0.00", "an empty cart shows 0.00, not 0");
        assert!(apply(&lines, std::slice::from_ref(&spend), "B", day("2026-11-15")).is_empty(), "tier B gets nothing");
        assert!(apply(&lines, std::slice::from_ref(&spend), "A", day("2026-12-01")).is_empty(), "nor December");
        // 买 10 送 1 on product P: 20 ordered → 2 free units as a separate zero-priced line.
        let buy_get = promotion(2, PromotionKind::BuyGet { buy: 10, get: 1 }, Covers::Product("P".into()), &[]);
        let got = apply(&[line("P", "Z", 20, dec!(200.00))], &[buy_get], "C", day("2026-11-15"));
        assert_eq!((got[0].product_code.as_deref(), got[0].free_quantity, got[0].amount), (Some("P"), 2, dec!(0)));
    }

    #[test]
    fn percent_off_rounds_half_up_and_categories_cover_their_subcategories() {
        let off = promotion(3, PromotionKind::PercentOff { percent: dec!(5) }, Covers::Category("饮料".into()), &[]);
        let got = apply(&[line("1", "X", 1, dec!(30.50))], &[off], "A", day("2026-11-02"));
        assert_eq!(got[0].amount, dec!(-1.53)); // 1.525 → 1.53
    }

    proptest! {
        #[test]
        fn discounts_never_make_money_and_never_exceed_the_goods(
            amounts in proptest::collection::vec(0i64..200_000, 1..8),
            percent in 0i64..=100, threshold in 0i64..300_000, off in 0i64..300_000, buy in 0u32..15, get in 0u32..5,
        ) {
            let lines: Vec<PricedLine> = amounts.iter().enumerate()
                .map(|(i, a)| line(&i.to_string(), if i % 2 == 0 { "X" } else { "Y" }, (i as u32 + 1) * 3, Decimal::new(*a, 2)))
                .collect();
            let promotions = [
                promotion(1, PromotionKind::PercentOff { percent: Decimal::from(percent) }, Covers::Everything, &[]),
                promotion(2, PromotionKind::SpendSave { threshold: Decimal::new(threshold, 2), off: Decimal::new(off, 2) }, Covers::Brand("X".into()), &[]),
                promotion(3, PromotionKind::BuyGet { buy, get }, Covers::Everything, &[]),
            ];
            let got = apply(&lines, &promotions, "A", day("2026-11-10"));
            let goods: Money = lines.iter().map(|l| l.line_amount).sum();
            for a in &got {
                prop_assert!(a.amount <= Decimal::ZERO);
                prop_assert_eq!(a.amount, a.amount.round_dp(2), "to the fen");
            }
            let x_goods: Money = lines.iter().filter(|l| l.brand == "X").map(|l| l.line_amount).sum();
            for a in got.iter().filter(|a| a.promotion_id == 2) {
                prop_assert!(-a.amount <= x_goods);
            }
            for a in got.iter().filter(|a| a.promotion_id == 1) {
                prop_assert!(-a.amount <= goods);
            }
        }
    }
}
