//! Starting an order from something other than the catalogue: a past order (再来一单), or a pasted
//! or imported list of codes and quantities. Whatever cannot go into the cart is listed with its
//! reason, never dropped silently.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One row of a list that did not make it into the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SkippedRow {
    /// 1-based row of the pasted list, or line of the past order.
    pub row: u32,
    /// The row as given.
    pub text: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SkipReason {
    /// No product with this code in the supplier's catalogue.
    UnknownProduct,
    /// 下架: the product is no longer sold.
    Delisted,
    /// The row is not "code quantity".
    Unreadable,
    /// The quantity is not a whole number above 0.
    BadQuantity,
}

/// A row that reads as a code and a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedLine {
    pub row: u32,
    pub text: String,
    pub code: String,
    pub quantity: u32,
    /// The price paid last time, for a reorder: the review then shows what changed since.
    pub seen_price: Option<restock_protocol::money::Money>,
}

/// Reads pasted text or CSV: one product per row, its code and its quantity separated by a tab,
/// comma, semicolon or spaces (what spreadsheets and chat messages give). A header row and empty
/// rows are skipped; a code listed twice has its quantities added up.
pub fn parse_list(text: &str) -> (Vec<ListedLine>, Vec<SkippedRow>) {
    let mut lines: Vec<ListedLine> = Vec::new();
    let mut skipped = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let row = index as u32 + 1;
        let trimmed = raw.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        let fields: Vec<&str> = trimmed
            .split(|c: char| c == '\t' || c == ',' || c == ';' || c == '，' || c.is_whitespace())
            .map(|f| f.trim().trim_matches('"'))
            .filter(|f| !f.is_empty())
            .collect();
        let skip = |reason| SkippedRow { row, text: trimmed.to_owned(), reason };
        let [code, quantity, ..] = fields.as_slice() else {
            skipped.push(skip(SkipReason::Unreadable));
            continue;
        };
        match quantity.parse::<u32>() {
            Ok(q) if q > 0 => match lines.iter_mut().find(|l| l.code == *code) {
                Some(existing) => existing.quantity = existing.quantity.saturating_add(q),
                None => lines.push(ListedLine { row, text: trimmed.to_owned(), code: (*code).to_owned(), quantity: q, seen_price: None }),
            },
            // A first row of words is a header ("编码,数量", "code,qty").
            Err(_) if row == 1 && !code.chars().chain(quantity.chars()).any(|c| c.is_ascii_digit()) => {}
            _ => skipped.push(skip(SkipReason::BadQuantity)),
        }
    }
    (lines, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_people_paste() {
        let text = "编码,数量\n100001\t5\n100002, 10\n\n100003 ; 2\n100001 3\nnonsense\n100004 x\n100005 0\n\"100006\",\"4\"";
        let (lines, skipped) = parse_list(text);
        let read: Vec<_> = lines.iter().map(|l| (l.code.as_str(), l.quantity)).collect();
        assert_eq!(read, [("100001", 8), ("100002", 10), ("100003", 2), ("100006", 4)]);
        let skipped: Vec<_> = skipped.iter().map(|s| (s.row, s.reason)).collect();
        assert_eq!(skipped, [(7, SkipReason::Unreadable), (8, SkipReason::BadQuantity), (9, SkipReason::BadQuantity)]);
    }

    #[test]
    fn a_numeric_first_row_is_data_not_a_header() {
        let (lines, skipped) = parse_list("100001 abc\n100002 2");
        assert_eq!(lines.len(), 1);
        assert_eq!((skipped[0].row, skipped[0].reason), (1, SkipReason::BadQuantity));
    }
}
