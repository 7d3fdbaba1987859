//! Products parsed from their stored JSON, kept for the next time the same text is read. A cart's
//! view parses every line's product on each keystroke (500 parses: most of the view's time); the
//! text rarely changes between two keystrokes, and comparing it costs far less than parsing it.
//! Keyed by the text itself, so a product changed by a sync is never answered from the old one.

use restock_protocol::catalogue::Product;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Enough for the largest carts; past it everything is dropped and parsed again as needed.
const CAPACITY: usize = 5_000;

/// Per connection, per product code: the stored text and the product parsed from it.
type Cache = HashMap<i64, HashMap<String, (String, Arc<Product>)>>;

static PARSED: Mutex<Option<Cache>> = Mutex::new(None);

/// `body` (a stored product of connection `connection_id`) parsed; shared, not copied, while its
/// text is unchanged.
pub fn product(connection_id: i64, code: &str, body: String) -> Arc<Product> {
    let mut parsed = PARSED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let cache = parsed.get_or_insert_with(HashMap::new).entry(connection_id).or_default();
    if let Some((text, product)) = cache.get(code) {
        if *text == body {
            return Arc::clone(product);
        }
    }
    let product: Arc<Product> = Arc::new(serde_json::from_str(&body).expect("stored product parses"));
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(code.to_owned(), (body, Arc::clone(&product)));
    product
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, price: &str) -> String {
        let product = Product {
            code: code.into(),
            barcode: format!("69{code:0>11}"),
            name: "中华软 20支/包×10包".into(),
            brand: "中华".into(),
            category: "卷烟".into(),
            origin: "上海".into(),
            specification: String::new(),
            unit: "条".into(),
            rules: restock_protocol::quantity::QuantityRules { pack_multiple: 1, min_per_order: 1, max_per_order: None },
            base_price: price.parse().unwrap(),
            price: price.parse().unwrap(),
            retail_price: None,
            tax_rate: None,
            description: String::new(),
            status: restock_protocol::catalogue::ProductStatus::OnSale,
            is_new: false,
            image: None,
            sales: 0,
        };
        serde_json::to_string(&product).unwrap()
    }

    #[test]
    fn a_changed_text_is_parsed_again_and_connections_do_not_mix() {
        let first = product(-7, "900001", body("900001", "10.00"));
        assert_eq!(first.price.to_string(), "10.00");
        assert_eq!(product(-7, "900001", body("900001", "10.00")).price.to_string(), "10.00");
        assert_eq!(product(-7, "900001", body("900001", "12.50")).price.to_string(), "12.50", "a sync changed the price");
        assert_eq!(product(-8, "900001", body("900001", "9.90")).price.to_string(), "9.90", "another supplier's product");
        assert_eq!(product(-7, "900001", body("900001", "12.50")).price.to_string(), "12.50");
    }
}
