//! The catalogue as a spreadsheet: CSV or xlsx in (calamine reads xlsx), CSV or xlsx out
//! (rust_xlsxwriter writes xlsx). Reading checks every cell and reports each bad one by row, column
//! and reason; one bad row means nothing is imported. Headers may be the Chinese ones suppliers use
//! (what export writes) or the English field names.

use restock_protocol::catalogue::ProductStatus;
use restock_protocol::catalogue::{ProductRecord, RowError};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// (English field name, Chinese header), in export order.
pub const COLUMNS: [(&str, &str); 17] = [
    ("code", "编码"),
    ("barcode", "条码"),
    ("name", "名称"),
    ("brand", "品牌"),
    ("category", "类别"),
    ("origin", "产地"),
    ("specification", "规格"),
    ("unit", "单位"),
    ("pack_multiple", "订货倍数"),
    ("min_per_order", "最小订量"),
    ("max_per_order", "最大订量"),
    ("base_price", "基准价"),
    ("retail_price", "建议零售价"),
    ("status", "状态"),
    ("is_new", "新品"),
    ("tax_rate", "税率"),
    ("description", "描述"),
];

/// Refused before any row is read: not a file we can read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("the file can't be read as {format}: {reason}")]
    Unreadable { format: &'static str, reason: String },
    #[error("the header row lacks the column {0}")]
    MissingColumn(String),
    #[error("the file has no rows under its header")]
    Empty,
}

/// Rows of cells as text, the header first.
pub type Table = Vec<Vec<String>>;

pub fn read_csv(bytes: &[u8]) -> Result<Table, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes); // Excel writes a BOM
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    reader
        .records()
        .map(|r| r.map(|record| record.iter().map(|c| c.trim().to_owned()).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| SheetError::Unreadable { format: "CSV", reason: e.to_string() })
}

pub fn read_xlsx(bytes: &[u8]) -> Result<Table, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |reason: String| SheetError::Unreadable { format: "xlsx", reason };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let range = book.worksheet_range_at(0).ok_or_else(|| unreadable("it has no sheet".into()))?.map_err(|e| unreadable(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    // Whole numbers typed into Excel arrive as floats: 6.0 means "6".
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => other.to_string().trim().to_owned(),
                })
                .collect()
        })
        .collect())
}

/// Every row checked; the products if all are good, else every bad cell.
pub fn products_from(table: &Table) -> Result<Result<Vec<ProductRecord>, Vec<RowError>>, SheetError> {
    let Some((header, rows)) = table.split_first() else { return Err(SheetError::Empty) };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some((field, _)) = COLUMNS.iter().find(|(field, zh)| name.eq_ignore_ascii_case(field) || name == zh) {
            index.insert(field, i);
        }
    }
    for required in ["code", "name", "unit", "pack_multiple", "base_price"] {
        if !index.contains_key(required) {
            let zh = COLUMNS.iter().find(|(f, _)| *f == required).map_or("", |(_, zh)| zh);
            return Err(SheetError::MissingColumn(format!("{zh} ({required})")));
        }
    }
    let rows: Vec<(usize, &Vec<String>)> = rows.iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.is_empty())).collect();
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    let mut errors = Vec::new();
    let mut products = Vec::with_capacity(rows.len());
    let mut seen_codes: HashMap<String, u32> = HashMap::new();
    for (offset, cells) in rows {
        let row = offset as u32 + 2; // the header is row 1
        let mut cell_errors = Vec::new();
        let cell = |field: &'static str| -> Cell {
            let text = index.get(field).and_then(|i| cells.get(*i)).map(String::as_str).unwrap_or("").to_owned();
            Cell { row, field, text }
        };
        let code = cell("code").required(&mut cell_errors);
        if let Some(first) = code.as_ref().and_then(|c| seen_codes.get(c)) {
            cell_errors.push(error(row, "code", format!("code {} is also on row {first}", code.as_deref().unwrap_or(""))));
        } else if let Some(c) = &code {
            seen_codes.insert(c.clone(), row);
        }
        let name = cell("name").required(&mut cell_errors);
        let unit = cell("unit").required(&mut cell_errors);
        let pack = cell("pack_multiple").whole(&mut cell_errors, 1, Some(1));
        let min = cell("min_per_order").whole(&mut cell_errors, 0, Some(0));
        let max = cell("max_per_order").whole(&mut cell_errors, 1, None);
        if let (Some(Some(min)), Some(Some(max))) = (min, max) {
            if max < min {
                cell_errors.push(error(row, "max_per_order", format!("the maximum {max} is below the minimum {min}")));
            }
        }
        let base = cell("base_price").money(&mut cell_errors, true);
        let retail = cell("retail_price").money(&mut cell_errors, false);
        let status = cell("status").status(&mut cell_errors);
        let is_new = cell("is_new").yes_no(&mut cell_errors);
        let tax_rate = cell("tax_rate").percent(&mut cell_errors);
        if !cell_errors.is_empty() {
            errors.extend(cell_errors);
            continue;
        }
        let text = |field: &str| index.get(field).and_then(|i| cells.get(*i)).cloned().unwrap_or_default();
        products.push(ProductRecord {
            code: code.unwrap_or_default(),
            barcode: text("barcode"),
            name: name.unwrap_or_default(),
            brand: text("brand"),
            category: text("category"),
            origin: text("origin"),
            specification: text("specification"),
            unit: unit.unwrap_or_default(),
            pack_multiple: pack.flatten().unwrap_or(1),
            min_per_order: min.flatten().unwrap_or(0),
            max_per_order: max.flatten(),
            base_price: base.flatten().unwrap_or_default(),
            retail_price: retail.flatten(),
            status: status.unwrap_or(ProductStatus::OnSale),
            is_new: is_new.unwrap_or(false),
            tax_rate: tax_rate.flatten(),
            description: text("description"),
        });
    }
    Ok(if errors.is_empty() { Ok(products) } else { Err(errors) })
}

fn error(row: u32, field: &str, reason: String) -> RowError {
    let zh = COLUMNS.iter().find(|(f, _)| *f == field).map_or(field, |(_, zh)| zh);
    RowError { row, column: format!("{zh} ({field})"), reason }
}

struct Cell {
    row: u32,
    field: &'static str,
    text: String,
}

impl Cell {
    fn fail<T>(&self, errors: &mut Vec<RowError>, reason: String) -> Option<T> {
        errors.push(error(self.row, self.field, reason));
        None
    }

    fn required(self, errors: &mut Vec<RowError>) -> Option<String> {
        if self.text.is_empty() {
            return self.fail(errors, "this cell must not be empty".into());
        }
        Some(self.text)
    }

    /// A whole number ≥ `at_least`; empty is `default` (None when the cell is optional).
    fn whole(self, errors: &mut Vec<RowError>, at_least: u32, default: Option<u32>) -> Option<Option<u32>> {
        if self.text.is_empty() {
            return Some(default);
        }
        match self.text.parse::<u32>() {
            Ok(n) if n >= at_least => Some(Some(n)),
            Ok(n) => self.fail(errors, format!("{n} is below {at_least}")),
            Err(_) => self.fail(errors, format!("'{}' is not a whole number", self.text)),
        }
    }

    /// Yuan with at most two decimals, not negative; empty only when not `required`.
    fn money(self, errors: &mut Vec<RowError>, required: bool) -> Option<Option<Decimal>> {
        if self.text.is_empty() {
            return if required { self.fail(errors, "a price is needed".into()) } else { Some(None) };
        }
        let cleaned = self.text.replace([',', '¥', '￥'], "");
        match Decimal::from_str(cleaned.trim()) {
            Ok(d) if d.abs() > restock_protocol::money::from_fen(restock_protocol::money::MOST_FEN) => {
                self.fail(errors, format!("the price {d} is more than the most the platform takes"))
            }
            Ok(d) if d.is_sign_negative() => self.fail(errors, format!("the price {d} is negative")),
            Ok(d) if d.scale() > 2 && d.normalize().scale() > 2 => self.fail(errors, format!("{d} has more than 2 decimals (fen)")),
            Ok(d) => Some(Some(d.round_dp(2))),
            Err(_) => self.fail(errors, format!("'{}' is not a price", self.text)),
        }
    }

    fn status(self, errors: &mut Vec<RowError>) -> Option<ProductStatus> {
        match self.text.as_str() {
            "" | "on_sale" | "在售" | "上架" => Some(ProductStatus::OnSale),
            "delisted" | "下架" => Some(ProductStatus::Delisted),
            other => self.fail(errors, format!("'{other}' is not a status: use 在售 or 下架 (on_sale, delisted)")),
        }
    }

    /// A VAT rate as a percentage, 0 to 100 to 0.01: "13%", "13", or 0.13 (what Excel reads from a
    /// cell formatted as a percentage). Empty: none given.
    fn percent(self, errors: &mut Vec<RowError>) -> Option<Option<Decimal>> {
        if self.text.is_empty() {
            return Some(None);
        }
        let (number, marked) = match self.text.strip_suffix(['%', '％']) {
            Some(n) => (n.trim(), true),
            None => (self.text.as_str(), false),
        };
        let Ok(mut rate) = Decimal::from_str(number) else {
            return self.fail(errors, format!("'{}' is not a tax rate: write it as 13%", self.text));
        };
        if !marked && rate > Decimal::ZERO && rate < Decimal::ONE {
            rate *= Decimal::ONE_HUNDRED; // a fraction, as a percentage-formatted cell arrives
        }
        if rate.is_sign_negative() || rate > Decimal::ONE_HUNDRED {
            return self.fail(errors, format!("the tax rate {}% is outside 0% to 100%", rate.normalize()));
        }
        if rate.round_dp(2) != rate {
            return self.fail(errors, format!("the tax rate {}% has more than 2 decimals", rate.normalize()));
        }
        Some(Some(rate.normalize()))
    }

    fn yes_no(self, errors: &mut Vec<RowError>) -> Option<bool> {
        match self.text.to_lowercase().as_str() {
            "" | "0" | "false" | "否" | "no" => Some(false),
            "1" | "true" | "是" | "yes" => Some(true),
            other => self.fail(errors, format!("'{other}' is not yes or no: use 是 or 否")),
        }
    }
}

fn cells_of(p: &ProductRecord) -> [String; 17] {
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    [
        p.code.clone(),
        p.barcode.clone(),
        p.name.clone(),
        p.brand.clone(),
        p.category.clone(),
        p.origin.clone(),
        p.specification.clone(),
        p.unit.clone(),
        p.pack_multiple.to_string(),
        p.min_per_order.to_string(),
        opt(p.max_per_order),
        format!("{:.2}", p.base_price),
        p.retail_price.map(|r| format!("{r:.2}")).unwrap_or_default(),
        if p.status == ProductStatus::Delisted { "下架" } else { "在售" }.to_owned(),
        if p.is_new { "是" } else { "否" }.to_owned(),
        p.tax_rate.map(|r| format!("{}%", r.normalize())).unwrap_or_default(),
        p.description.clone(),
    ]
}

/// CSV with a BOM, so Excel opens the Chinese correctly.
pub fn write_csv(products: &[ProductRecord]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(COLUMNS.iter().map(|(_, zh)| *zh)).expect("writing to memory");
        for p in products {
            writer.write_record(cells_of(p)).expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    out
}

pub fn write_xlsx(products: &[ProductRecord]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("商品")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, (_, zh)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *zh, &bold)?;
    }
    let numeric: HashSet<usize> = [8, 9, 10].into_iter().collect();
    for (r, p) in products.iter().enumerate() {
        for (col, value) in cells_of(p).iter().enumerate() {
            let row = r as u32 + 1;
            match value.parse::<f64>() {
                Ok(n) if numeric.contains(&col) => sheet.write_number(row, col as u16, n)?,
                _ => sheet.write_string(row, col as u16, value)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    const HEADER: &[&str] = &["编码", "名称", "单位", "订货倍数", "最大订量", "最小订量", "基准价", "状态", "新品"];

    #[test]
    fn every_bad_cell_is_reported_with_row_column_and_reason() {
        let t = table(&[
            HEADER,
            &["A1", "好货", "箱", "6", "", "", "12.50", "在售", "否"],
            &["", "无编码", "箱", "0", "", "", "-1", "在售", ""],
            &["A1", "重复", "箱", "x", "3", "5", "1.234", "停售", "也许"],
        ]);
        let errors = products_from(&t).unwrap().unwrap_err();
        let got: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(
            got,
            [
                (3, "编码 (code)"),
                (3, "订货倍数 (pack_multiple)"),
                (3, "基准价 (base_price)"),
                (4, "编码 (code)"),
                (4, "订货倍数 (pack_multiple)"),
                (4, "最大订量 (max_per_order)"),
                (4, "基准价 (base_price)"),
                (4, "状态 (status)"),
                (4, "新品 (is_new)"),
            ]
        );
        assert_eq!(errors[3].reason, "code A1 is also on row 2");
        assert_eq!(errors[5].reason, "the maximum 3 is below the minimum 5");
        assert_eq!(errors[6].reason, "1.234 has more than 2 decimals (fen)");
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let p = ProductRecord {
            code: "100001".into(),
            barcode: "6901234567892".into(),
            name: "中华 软 \"礼盒\", 20支".into(),
            brand: "中华".into(),
            category: "卷烟/烤烟型".into(),
            origin: "上海".into(),
            specification: "20支/包×10包".into(),
            unit: "条".into(),
            pack_multiple: 1,
            min_per_order: 0,
            max_per_order: Some(50),
            base_price: Decimal::new(25000, 2),
            retail_price: Some(Decimal::new(30000, 2)),
            status: ProductStatus::Delisted,
            is_new: true,
            tax_rate: Some(Decimal::new(13, 0)),
            description: "经典软包，\n适合礼品".into(),
        };
        let from_csv = products_from(&read_csv(&write_csv(std::slice::from_ref(&p))).unwrap()).unwrap().unwrap();
        assert_eq!(from_csv, std::slice::from_ref(&p));
        let from_xlsx = products_from(&read_xlsx(&write_xlsx(std::slice::from_ref(&p)).unwrap()).unwrap()).unwrap().unwrap();
        assert_eq!(from_xlsx, [p]);
    }

    #[test]
    fn a_tax_rate_is_read_as_a_percentage_and_a_wrong_one_is_reported() {
        let header: &[&str] = &["code", "name", "unit", "pack_multiple", "base_price", "税率"];
        let rates = |cells: &[&str]| {
            let mut rows = vec![header];
            let lines: Vec<Vec<&str>> =
                cells.iter().enumerate().map(|(i, c)| vec![["A", "B", "C", "D", "E"][i], "n", "瓶", "1", "3", *c]).collect();
            rows.extend(lines.iter().map(Vec::as_slice));
            products_from(&table(&rows)).unwrap()
        };
        let read: Vec<_> = rates(&["13%", "9", "0.06", "", "0"]).unwrap().into_iter().map(|p| p.tax_rate.map(|r| r.to_string())).collect();
        assert_eq!(read, [Some("13".into()), Some("9".into()), Some("6".into()), None, Some("0".into())]);
        let errors = rates(&["-1", "120%", "13.555%", "高"]).unwrap_err();
        let reasons: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.reason.as_str())).collect();
        assert_eq!(
            reasons,
            [
                (2, "税率 (tax_rate)", "the tax rate -1% is outside 0% to 100%"),
                (3, "税率 (tax_rate)", "the tax rate 120% is outside 0% to 100%"),
                (4, "税率 (tax_rate)", "the tax rate 13.555% has more than 2 decimals"),
                (5, "税率 (tax_rate)", "'高' is not a tax rate: write it as 13%"),
            ]
        );
    }

    #[test]
    fn english_headers_work_and_a_missing_column_is_named() {
        let ok = table(&[&["code", "name", "unit", "pack_multiple", "base_price"], &["X", "n", "瓶", "6", "3"]]);
        assert_eq!(products_from(&ok).unwrap().unwrap()[0].base_price, Decimal::new(300, 2));
        let missing = table(&[&["code", "name", "unit", "pack_multiple"], &["X", "n", "瓶", "6"]]);
        assert_eq!(products_from(&missing).unwrap_err().to_string(), "the header row lacks the column 基准价 (base_price)");
        assert!(read_xlsx(b"not a zip").is_err());
    }
}
