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

/// An imported file as text for [`parse_list`]: an xlsx workbook's first sheet with its cells
/// tab-separated (calamine reads it; whole numbers Excel stores as floats come out as "6"), or a
/// CSV/text file as UTF-8 (with or without a BOM).
pub fn file_as_text(file_name: &str, bytes: &[u8]) -> Result<String, String> {
    let is_xlsx = file_name.to_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    if !is_xlsx {
        return String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).to_vec())
            .map_err(|_| "the file is not UTF-8 text: save it as CSV (UTF-8) or as xlsx".to_owned());
    }
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| format!("the xlsx file can't be read: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "the xlsx file has no sheet".to_owned())?
        .map_err(|e| format!("the xlsx file can't be read: {e}"))?;
    let cell = |c: &Data| match c {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    Ok(range.rows().map(|row| row.iter().map(cell).collect::<Vec<_>>().join("\t")).collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_and_csv_files_read_as_lists() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "编码").unwrap();
        sheet.write_string(0, 1, "数量").unwrap();
        sheet.write_string(1, 0, "100001").unwrap();
        sheet.write_number(1, 1, 6.0).unwrap();
        sheet.write_number(2, 0, 100002.0).unwrap();
        sheet.write_number(2, 1, 12.0).unwrap();
        let text = file_as_text("清单.xlsx", &book.save_to_buffer().unwrap()).unwrap();
        let (lines, skipped) = parse_list(&text);
        assert_eq!(lines.iter().map(|l| (l.code.as_str(), l.quantity)).collect::<Vec<_>>(), [("100001", 6), ("100002", 12)]);
        assert!(skipped.is_empty());
        assert_eq!(file_as_text("list.csv", b"\xEF\xBB\xBF100001,3").unwrap(), "100001,3");
        assert!(file_as_text("list.csv", &[0xFF, 0xFE, 0x00]).is_err());
        assert!(file_as_text("broken.xlsx", b"PK\x03\x04 not really").is_err());
    }

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
