//! Reading numbers off the screen.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The numbers in a text, ignoring currency signs and thousands separators:
/// "合计 ¥1,810.62（2 件）" → [1810.62, 2].
pub fn numbers_in(text: &str) -> Vec<Decimal> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, ',' | '，' | '¥' | '￥')).collect();
    cleaned
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .filter_map(|t| Decimal::from_str(t).ok())
        .collect()
}

/// Does the text show this amount of money (digits compared, "¥" and "," ignored)?
pub fn shows_amount(text: &str, amount: Decimal) -> bool {
    numbers_in(text).contains(&amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_as_shown() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert!(shows_amount("合计 ¥1,810.62", d("1810.62")));
        assert!(shows_amount("Total: ￥ 12,345.00 (3 lines)", d("12345")));
        assert!(!shows_amount("¥1,810.62", d("10.62")));
        assert!(!shows_amount("no amount", d("0")));
        assert_eq!(numbers_in("2,134 products, synced 12:30."), vec![d("2134"), d("12"), d("30")]);
    }
}
