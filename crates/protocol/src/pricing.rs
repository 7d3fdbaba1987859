//! Price resolution (价格策略): the most specific valid rule wins — customer over tier over base —
//! and, at the same level, a rule for this product over a rule for every product.

use crate::money::{apply_rate, round_money, Money};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceScope {
    Customer,
    Tier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceKind {
    /// 一口价
    Fixed(Money),
    /// 结算率 on the base price, e.g. 0.92
    Rate(Decimal),
}

/// One rule that already applies to this customer (its scope matched the customer or its tier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceRule {
    pub scope: PriceScope,
    /// `None`: the rule covers every product.
    pub product_code: Option<String>,
    pub kind: PriceKind,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl PriceRule {
    fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| day >= from) && self.valid_to.is_none_or(|to| day <= to)
    }

    fn specificity(&self) -> u8 {
        let scope = match self.scope {
            PriceScope::Customer => 2,
            PriceScope::Tier => 0,
        };
        scope + u8::from(self.product_code.is_some())
    }
}

/// The price this customer pays for one product on `day`. `rules` may hold rules for other products:
/// they are ignored.
pub fn resolve_price(product_code: &str, base_price: Money, rules: &[PriceRule], day: NaiveDate) -> Money {
    let winner = rules
        .iter()
        .filter(|r| r.product_code.as_deref().is_none_or(|c| c == product_code))
        .filter(|r| r.is_valid_on(day))
        .max_by_key(|r| r.specificity());
    match winner.map(|r| r.kind) {
        Some(PriceKind::Fixed(price)) => round_money(price),
        Some(PriceKind::Rate(rate)) => apply_rate(base_price, rate),
        None => round_money(base_price),
    }
}

/// A price rule as the back office keeps it: for one customer or one tier, for one product or all,
/// a fixed price (一口价) or a rate on the base price (结算率), with optional validity dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PriceRuleRecord {
    /// Given by the hub; ignored when creating.
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    #[serde(default)]
    pub customer_code: Option<String>,
    #[serde(default)]
    pub tier: Option<String>,
    /// None: every product.
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "228.00"))]
    pub fixed_price: Option<Money>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.92"))]
    pub rate: Option<rust_decimal::Decimal>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub valid_to: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tier_b() -> PriceRule {
        PriceRule { scope: PriceScope::Tier, product_code: None, kind: PriceKind::Rate(dec!(0.92)), valid_from: None, valid_to: None }
    }

    fn c0001_fixed() -> PriceRule {
        PriceRule {
            scope: PriceScope::Customer,
            product_code: Some("P1".into()),
            kind: PriceKind::Fixed(dec!(228.00)),
            valid_from: Some(day("2026-11-01")),
            valid_to: Some(day("2026-11-30")),
        }
    }

    #[test]
    fn the_worked_example() {
        let c0001 = [tier_b(), c0001_fixed()];
        let other_tier_b = [tier_b()];
        assert_eq!(resolve_price("P1", dec!(250.00), &c0001, day("2026-11-15")), dec!(228.00));
        assert_eq!(resolve_price("P1", dec!(250.00), &c0001, day("2026-11-30")), dec!(228.00));
        assert_eq!(resolve_price("P1", dec!(250.00), &c0001, day("2026-12-01")), dec!(230.00));
        assert_eq!(resolve_price("P1", dec!(250.00), &c0001, day("2026-10-31")), dec!(230.00));
        assert_eq!(resolve_price("P1", dec!(250.00), &other_tier_b, day("2026-11-15")), dec!(230.00));
        assert_eq!(resolve_price("P1", dec!(250.00), &[], day("2026-11-15")), dec!(250.00));
        // A customer's rule for another product does not apply.
        assert_eq!(resolve_price("P2", dec!(33.33), &c0001, day("2026-11-15")), dec!(30.66));
    }

    proptest::proptest! {
        /// Whatever the rules, the price is the base price or one of the valid rules' prices, to the
        /// fen; a valid customer rule for the product always wins; rules for other products or out
        /// of their dates never matter.
        #[test]
        fn the_most_specific_valid_rule_wins(
            base in 0i64..1_000_000,
            specs in proptest::collection::vec((proptest::bool::ANY, proptest::bool::ANY, proptest::bool::ANY, 0i64..1_000_000, 50u32..150, -20i64..20, 0i64..20), 0..6),
            offset in -30i64..30,
        ) {
            let today = day("2026-11-15");
            let rules: Vec<PriceRule> = specs.iter().map(|(customer, for_product, fixed, price, rate, from, len)| PriceRule {
                scope: if *customer { PriceScope::Customer } else { PriceScope::Tier },
                product_code: for_product.then(|| "P".to_string()),
                kind: if *fixed { PriceKind::Fixed(Decimal::new(*price, 2)) } else { PriceKind::Rate(Decimal::new(i64::from(*rate), 2)) },
                valid_from: Some(today + chrono::Duration::days(*from)),
                valid_to: Some(today + chrono::Duration::days(from + len)),
            }).collect();
            let day = today + chrono::Duration::days(offset);
            let base = Decimal::new(base, 2);
            let price = resolve_price("P", base, &rules, day);
            proptest::prop_assert_eq!(price, price.round_dp(2));
            let candidates: Vec<Money> = std::iter::once(round_money(base))
                .chain(rules.iter().filter(|r| r.is_valid_on(day)).map(|r| match r.kind {
                    PriceKind::Fixed(p) => round_money(p),
                    PriceKind::Rate(rate) => apply_rate(base, rate),
                }))
                .collect();
            proptest::prop_assert!(candidates.contains(&price));
            if let Some(top) = rules.iter().filter(|r| r.is_valid_on(day)).max_by_key(|r| r.specificity()) {
                if top.scope == PriceScope::Customer && top.product_code.is_some() {
                    let expected = match top.kind { PriceKind::Fixed(p) => round_money(p), PriceKind::Rate(r) => apply_rate(base, r) };
                    // Several equally specific rules may be valid: the price is one of theirs.
                    let ties: Vec<Money> = rules.iter().filter(|r| r.is_valid_on(day) && r.specificity() == top.specificity())
                        .map(|r| match r.kind { PriceKind::Fixed(p) => round_money(p), PriceKind::Rate(x) => apply_rate(base, x) }).collect();
                    proptest::prop_assert!(ties.contains(&price) || price == expected);
                }
            }
            // Rules for another product change nothing.
            let others: Vec<PriceRule> = rules.iter().cloned().map(|mut r| { r.product_code = Some("Q".into()); r }).collect();
            let only_q = resolve_price("P", base, &others, day);
            proptest::prop_assert_eq!(only_q, round_money(base));
        }
    }

    #[test]
    fn product_rule_beats_all_products_rule_at_the_same_level() {
        let rules = [
            tier_b(),
            PriceRule {
                scope: PriceScope::Tier,
                product_code: Some("P1".into()),
                kind: PriceKind::Fixed(dec!(240)),
                valid_from: None,
                valid_to: None,
            },
        ];
        assert_eq!(resolve_price("P1", dec!(250.00), &rules, day("2026-11-15")), dec!(240.00));
        assert_eq!(resolve_price("P2", dec!(250.00), &rules, day("2026-11-15")), dec!(230.00));
    }
}
