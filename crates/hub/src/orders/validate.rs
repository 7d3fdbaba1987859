//! Every line checked and priced by the hub: an order is accepted whole or not at all, with the
//! reason for each line that fails.

use restock_protocol::catalogue::{Product, ProductStatus};
use restock_protocol::money::line_amount;
use restock_protocol::orders::{OrderLine, OrderLineInput};
use restock_protocol::{ErrorCode, LineProblem};
use std::collections::{HashMap, HashSet};

/// Checks each requested line against the customer's priced catalogue and prices the good ones.
pub fn price_lines(requested: &[OrderLineInput], catalogue: &[Product]) -> Result<Vec<OrderLine>, Vec<LineProblem>> {
    let by_code: HashMap<&str, &Product> = catalogue.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    let mut lines = Vec::with_capacity(requested.len());
    for (index, input) in requested.iter().enumerate() {
        let problem = |code: ErrorCode, message: String| LineProblem {
            line: index as u32 + 1,
            product_code: input.product_code.clone(),
            code,
            message,
        };
        if !seen.insert(input.product_code.as_str()) {
            problems.push(problem(ErrorCode::DuplicateLine, format!("product {} is on more than one line", input.product_code)));
            continue;
        }
        let Some(product) = by_code.get(input.product_code.as_str()) else {
            problems.push(problem(ErrorCode::UnknownProduct, format!("there is no product with code {}", input.product_code)));
            continue;
        };
        if product.status == ProductStatus::Delisted {
            problems.push(problem(ErrorCode::ProductDelisted, format!("{} is no longer sold", product.name)));
            continue;
        }
        if let Err(p) = product.rules.check(input.quantity) {
            problems.push(problem(p.code(), format!("{}: {p}", product.name)));
            continue;
        }
        lines.push(OrderLine {
            product_code: product.code.clone(),
            product_name: product.name.clone(),
            unit: product.unit.clone(),
            quantity: input.quantity,
            unit_price: product.price,
            line_amount: line_amount(product.price, input.quantity),
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restock_protocol::quantity::QuantityRules;
    use rust_decimal_macros::dec;

    fn product(code: &str, pack: u32, status: ProductStatus) -> Product {
        Product {
            code: code.into(),
            barcode: String::new(),
            name: format!("name-{code}"),
            brand: String::new(),
            category: String::new(),
            origin: String::new(),
            specification: String::new(),
            unit: "条".into(),
            rules: QuantityRules { pack_multiple: pack, min_per_order: 1, max_per_order: None },
            base_price: dec!(33.33),
            price: dec!(30.66),
            retail_price: None,
            status,
            is_new: false,
        }
    }

    fn line(code: &str, quantity: u32) -> OrderLineInput {
        OrderLineInput { product_code: code.into(), quantity }
    }

    #[test]
    fn prices_good_lines() {
        let lines = price_lines(&[line("A", 7)], &[product("A", 1, ProductStatus::OnSale)]).unwrap();
        assert_eq!(lines[0].line_amount, dec!(214.62));
    }

    #[test]
    fn explains_every_bad_line() {
        let catalogue = [product("A", 5, ProductStatus::OnSale), product("D", 1, ProductStatus::Delisted)];
        let problems = price_lines(&[line("A", 7), line("X", 1), line("D", 1), line("A", 5)], &catalogue).unwrap_err();
        let codes: Vec<_> = problems.iter().map(|p| (p.line, p.code)).collect();
        assert_eq!(
            codes,
            [(1, ErrorCode::QuantityNotMultiple), (2, ErrorCode::UnknownProduct), (3, ErrorCode::ProductDelisted), (4, ErrorCode::DuplicateLine)]
        );
    }
}
