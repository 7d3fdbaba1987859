//! Every line checked and priced by the hub: an order is accepted whole or not at all, with the
//! reason for each line that fails. Quantities are checked by the same rules the app runs as the
//! buyer types (`check_order_quantity`), against this cycle's allocation and the stock.

use crate::supply::Supply;
use restock_protocol::catalogue::{Product, ProductStatus};
use restock_protocol::money::line_amount;
use restock_protocol::orders::{OrderLine, OrderLineInput};
use restock_protocol::supply::check_order_quantity;
use restock_protocol::{ErrorCode, LineProblem};
use std::collections::{HashMap, HashSet};

/// Checks each requested line against the customer's priced catalogue and supply, and prices the
/// good ones.
pub fn price_lines(
    requested: &[OrderLineInput], catalogue: &[Product], supply: &HashMap<String, Supply>,
) -> Result<Vec<OrderLine>, Vec<LineProblem>> {
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
            allowed: None,
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
        let limits = supply.get(&product.code).copied().unwrap_or_default().limits(product);
        if let Err(refusal) = check_order_quantity(input.quantity, &limits) {
            let mut p = problem(refusal.code, format!("{}: {}", product.name, refusal.message));
            p.allowed = Some(refusal.allowed);
            problems.push(p);
            continue;
        }
        lines.push(OrderLine {
            product_code: product.code.clone(),
            product_name: product.name.clone(),
            unit: product.unit.clone(),
            quantity: input.quantity,
            demand: input.demand.unwrap_or(input.quantity).max(input.quantity),
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
        let on_sale = Product::on_sale(code, format!("name-{code}"), "条", dec!(30.66));
        Product { base_price: dec!(33.33), rules: QuantityRules { pack_multiple: pack, ..on_sale.rules }, status, ..on_sale }
    }

    fn line(code: &str, quantity: u32) -> OrderLineInput {
        OrderLineInput { product_code: code.into(), quantity, demand: None }
    }

    fn unlimited() -> HashMap<String, Supply> {
        HashMap::new()
    }

    #[test]
    fn prices_good_lines() {
        let lines = price_lines(&[line("A", 7)], &[product("A", 1, ProductStatus::OnSale)], &unlimited()).unwrap();
        assert_eq!(lines[0].line_amount, dec!(214.62));
        assert_eq!(lines[0].demand, 7);
    }

    #[test]
    fn allocation_and_stock_refuse_with_what_would_fit() {
        let catalogue = [product("A", 5, ProductStatus::OnSale), product("B", 1, ProductStatus::OnSale)];
        let supply = HashMap::from([
            ("A".to_owned(), Supply { allocation: Some((30, 20)), available: None }),
            ("B".to_owned(), Supply { allocation: None, available: Some(3) }),
        ]);
        let problems = price_lines(&[line("A", 15), line("B", 4)], &catalogue, &supply).unwrap_err();
        let got: Vec<_> = problems.iter().map(|p| (p.code, p.allowed)).collect();
        assert_eq!(got, [(ErrorCode::AllocationExceeded, Some(10)), (ErrorCode::OutOfStock, Some(3))]);
        assert_eq!(problems[0].message, "name-A: only 10 left of your allocation this cycle");
        let demand = OrderLineInput { product_code: "A".into(), quantity: 10, demand: Some(37) };
        assert_eq!(price_lines(&[demand], &catalogue, &supply).unwrap()[0].demand, 37);
    }

    #[test]
    fn explains_every_bad_line() {
        let catalogue = [product("A", 5, ProductStatus::OnSale), product("D", 1, ProductStatus::Delisted)];
        let problems = price_lines(&[line("A", 7), line("X", 1), line("D", 1), line("A", 5)], &catalogue, &unlimited()).unwrap_err();
        let codes: Vec<_> = problems.iter().map(|p| (p.line, p.code)).collect();
        assert_eq!(
            codes,
            [
                (1, ErrorCode::QuantityNotMultiple),
                (2, ErrorCode::UnknownProduct),
                (3, ErrorCode::ProductDelisted),
                (4, ErrorCode::DuplicateLine)
            ]
        );
    }
}
