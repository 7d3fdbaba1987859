//! Money is exact decimal yuan with two places. Never a float, anywhere.

use rust_decimal::{Decimal, RoundingStrategy};

/// Yuan, exact. Serialized as a string ("228.00") so no JSON reader turns it into a float.
pub type Money = Decimal;

/// Round half-up (away from zero) to 0.01, as the supplier's invoices do.
pub fn round_money(amount: Decimal) -> Money {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// A line amount is unit price × quantity, rounded half-up to 0.01.
pub fn line_amount(unit_price: Money, quantity: u32) -> Money {
    round_money(unit_price * Decimal::from(quantity))
}

/// An order total is the sum of the already-rounded line amounts.
pub fn order_total(line_amounts: impl IntoIterator<Item = Money>) -> Money {
    round_money(line_amounts.into_iter().sum())
}

/// A price after a settlement rate (结算率) on the base price, rounded half-up to 0.01.
pub fn apply_rate(base_price: Money, rate: Decimal) -> Money {
    round_money(base_price * rate)
}

/// "1,500.00": yuan with two places and thousands separators, for messages people read.
pub fn format_yuan(amount: Money) -> String {
    let text = round_money(amount).abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() { "-" } else { "" };
    format!("{sign}{grouped}.{fraction}")
}

/// The largest amount, in fen, that anything on the platform may come to (a price, an order, a
/// balance, a limit): 99,999,999,999.99 yuan. Far beyond any real order, and far inside what a
/// database's 64-bit integer holds, so no sum of a few of them overflows.
pub const MOST_FEN: i64 = 9_999_999_999_999;

/// Refuses an amount a person entered that is beyond [`MOST_FEN`] either way or finer than the fen.
/// `what` names it in the message ("the approval limit").
pub fn check_amount(what: &str, amount: Money) -> Result<(), String> {
    if amount.abs() > from_fen(MOST_FEN) {
        return Err(format!("{what} {amount} is more than the most the platform takes ({})", format_yuan(from_fen(MOST_FEN))));
    }
    if amount.round_dp(2) != amount {
        return Err(format!("{what} {amount} is finer than the fen: give at most 2 decimals"));
    }
    Ok(())
}

/// Databases store money as integer fen (cents): exact, and portable across SQLite and PostgreSQL.
/// Amounts from outside are checked first ([`check_amount`]); the hub's own sums stay in range.
pub fn to_fen(amount: Money) -> i64 {
    let fen = round_money(amount) * Decimal::ONE_HUNDRED;
    i64::try_from(fen.trunc()).expect("amount within i64 fen")
}

pub fn from_fen(fen: i64) -> Money {
    let mut d = Decimal::new(fen, 2);
    d.rescale(2);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn an_amount_beyond_the_most_or_finer_than_the_fen_is_refused() {
        assert!(check_amount("the limit", rust_decimal::Decimal::new(MOST_FEN, 2)).is_ok());
        let huge: Decimal = "100000000000000000000".parse().unwrap();
        assert_eq!(
            check_amount("the limit", huge).unwrap_err(),
            "the limit 100000000000000000000 is more than the most the platform takes (99,999,999,999.99)"
        );
        assert!(check_amount("the limit", -huge).is_err());
        assert!(check_amount("the limit", "0.001".parse().unwrap()).is_err());
    }

    #[test]
    fn worked_examples_from_the_domain_brief() {
        assert_eq!(apply_rate(dec!(250.00), dec!(0.92)), dec!(230.00));
        assert_eq!(apply_rate(dec!(33.33), dec!(0.92)), dec!(30.66));
        assert_eq!(line_amount(dec!(30.66), 7), dec!(214.62));
        assert_eq!(round_money(dec!(0.005)), dec!(0.01));
        assert_eq!(round_money(dec!(2.345)), dec!(2.35));
        assert_eq!(round_money(dec!(5)).to_string(), "5.00");
    }

    #[test]
    fn yuan_for_people() {
        assert_eq!(format_yuan(dec!(1500)), "1,500.00");
        assert_eq!(format_yuan(dec!(1234567.891)), "1,234,567.89");
        assert_eq!(format_yuan(dec!(999.5)), "999.50");
        assert_eq!(format_yuan(dec!(-10000)), "-10,000.00");
        assert_eq!(format_yuan(dec!(0)), "0.00");
    }

    #[test]
    fn total_is_sum_of_rounded_lines_not_rounded_sum() {
        // 3 × 0.335 = 1.005 → each line 0.34 (1 × 0.335 rounds to 0.34), total 1.02, not round(1.005) = 1.01.
        let lines = [line_amount(dec!(0.335), 1), line_amount(dec!(0.335), 1), line_amount(dec!(0.335), 1)];
        assert_eq!(order_total(lines), dec!(1.02));
    }

    proptest! {
        #[test]
        fn fen_round_trips(fen in -10_000_000_000i64..10_000_000_000i64) {
            prop_assert_eq!(to_fen(from_fen(fen)), fen);
        }

        #[test]
        fn line_amount_is_within_half_a_fen_of_exact(price_fen in 0i64..10_000_000, qty in 0u32..100_000) {
            let price = from_fen(price_fen);
            let exact = price * Decimal::from(qty);
            let amount = line_amount(price, qty);
            prop_assert!((amount - exact).abs() <= dec!(0.005));
            prop_assert_eq!(amount.scale(), 2);
        }

        #[test]
        fn rated_price_never_exceeds_base_for_rates_below_one(base_fen in 0i64..100_000_000, rate_milli in 0u32..=1000) {
            let base = from_fen(base_fen);
            let rate = Decimal::new(rate_milli as i64, 3);
            let p = apply_rate(base, rate);
            prop_assert!(p <= base);
            prop_assert!(p >= Decimal::ZERO);
        }
    }
}
