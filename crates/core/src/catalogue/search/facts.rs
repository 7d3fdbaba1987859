//! What filters and sorts read for each hit, packed small: category, brand and origin as numbers
//! (a filter compares integers, not strings), the price as its rank among the catalogue's prices
//! (a price band becomes a range of ranks), and sales. One cache line holds three products' facts.

use super::SearchQuery;
use restock_protocol::catalogue::Product;
use restock_protocol::money::Money;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Clone, Copy)]
pub(super) struct Fact {
    pub sales: u32,
    /// Position of the price among the catalogue's distinct prices, ascending: equal prices, equal ranks.
    pub price: u32,
    category: u32,
    brand: u32,
    origin: u32,
}

pub(super) struct Facts {
    pub of: Vec<Fact>,
    prices: Vec<Money>,
    categories: HashMap<String, u32>,
    brands: HashMap<String, u32>,
    origins: HashMap<String, u32>,
}

/// A query's filters in the facts' terms. `None` fields filter nothing.
pub(super) struct Filter {
    category: Option<u32>,
    brand: Option<u32>,
    origin: Option<u32>,
    prices: Range<u32>,
}

fn intern(names: &mut HashMap<String, u32>, name: &str) -> u32 {
    if let Some(&n) = names.get(name) {
        return n;
    }
    let n = names.len() as u32;
    names.insert(name.to_owned(), n);
    n
}

impl Facts {
    /// `products` in id order.
    pub(super) fn build(products: &[Product]) -> Facts {
        let mut prices: Vec<Money> = products.iter().map(|p| p.price).collect();
        prices.sort_unstable();
        prices.dedup();
        let (mut categories, mut brands, mut origins) = (HashMap::new(), HashMap::new(), HashMap::new());
        let of = products
            .iter()
            .map(|p| Fact {
                sales: p.sales,
                price: prices.partition_point(|&x| x < p.price) as u32,
                category: intern(&mut categories, &p.category),
                brand: intern(&mut brands, &p.brand),
                origin: intern(&mut origins, &p.origin),
            })
            .collect();
        Facts { of, prices, categories, brands, origins }
    }

    /// `None` when a filter names a category, brand or origin no product has: nothing can pass.
    pub(super) fn filter(&self, q: &SearchQuery) -> Option<Filter> {
        let lookup = |names: &HashMap<String, u32>, wanted: &Option<String>| match wanted {
            None => Some(None),
            Some(name) => names.get(name).map(|&n| Some(n)),
        };
        let low = q.min_price.map_or(0, |m| self.prices.partition_point(|&p| p < m));
        let high = q.max_price.map_or(self.prices.len(), |m| self.prices.partition_point(|&p| p <= m));
        Some(Filter {
            category: lookup(&self.categories, &q.category)?,
            brand: lookup(&self.brands, &q.brand)?,
            origin: lookup(&self.origins, &q.origin)?,
            prices: low as u32..high as u32,
        })
    }
}

impl Filter {
    pub(super) fn passes(&self, f: &Fact) -> bool {
        self.category.is_none_or(|c| c == f.category)
            && self.brand.is_none_or(|b| b == f.brand)
            && self.origin.is_none_or(|o| o == f.origin)
            && self.prices.contains(&f.price)
    }
}
